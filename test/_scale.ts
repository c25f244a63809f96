import { busyTimesFrom } from '../shared/calendars/busy-times.js';
import { calendar, event } from './unit/calendars/ics-samples.js';
for (const n of [2500, 10000, 20000, 2500, 10000, 20000]) {
  const events: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const hour = String(8 + (i % 10)).padStart(2, '0');
    events.push(event({ uid: `e${i}`, start: `TZID=Europe/London:202607${day}T${hour}0000`, end: `TZID=Europe/London:202607${day}T${hour}3000` }));
  }
  const text = calendar(...events);
  const t = performance.now();
  busyTimesFrom(text, { from: Date.parse('2026-07-01'), to: Date.parse('2026-08-01'), zone: 'Europe/London' });
  console.log(n, text.length, (performance.now() - t).toFixed(0), 'ms', (process.memoryUsage().rss / 1e6).toFixed(0), 'MB');
}
