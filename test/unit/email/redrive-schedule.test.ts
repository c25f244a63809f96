import { describe, expect, it } from 'vitest';
import {
  attemptsCovering,
  nextRedriveAt,
  redriveDelayMs,
  redriveGraceMs,
  redriveOffsetMs,
  redriveOffsetsMs,
} from '#shared/store/redrive-schedule.js';
import { maxRedrives, outboxRetentionMs } from '#shared/store/outbox.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('the re-drive schedule', () => {
  it('waits ten minutes for the stream, then backs off 10, 20, 40 minutes and hourly after that', () => {
    expect(redriveGraceMs).toBe(10 * MINUTE);
    expect([1, 2, 3, 4, 5, 100].map(redriveDelayMs)).toEqual([10, 20, 40, 60, 60, 60].map((m) => m * MINUTE));
    expect(redriveOffsetsMs(6)).toEqual([10, 20, 40, 80, 140, 200].map((m) => m * MINUTE));
  });

  it('makes enough attempts to outlast an outage as long as an outbox item is kept (docs/operations.md quotes these)', () => {
    expect(outboxRetentionMs).toBe(30 * DAY);
    expect(maxRedrives).toBe(723);
    const offsets = redriveOffsetsMs(maxRedrives);
    // The last attempt is no earlier than the retention, and one fewer would fall short of it.
    expect(offsets.at(-1)).toBeGreaterThanOrEqual(outboxRetentionMs);
    expect(offsets.at(-2)).toBeLessThan(outboxRetentionMs);
    expect(offsets.at(-1)! / DAY).toBeCloseTo(30.01, 2);
  });

  it('keeps to the timetable from creation, so late sweeps do not push the attempts later', () => {
    const created = Date.parse('2026-03-02T10:00:00Z');
    // Attempt 1 made 3 minutes late: attempt 2 is still due 20 minutes after creation.
    expect(nextRedriveAt(created, 1, created + 13 * MINUTE)).toBe(created + 20 * MINUTE);
    expect(nextRedriveAt(created, 5, created + 144 * MINUTE)).toBe(created + 200 * MINUTE);
  });

  it('catches up one sweep at a time when the sweeps fell behind the timetable', () => {
    const created = Date.parse('2026-03-02T10:00:00Z');
    // The stack was down for two days: the next attempt is at the next sweep, not all at once.
    expect(nextRedriveAt(created, 1, created + 2 * DAY)).toBe(created + 2 * DAY + 5 * MINUTE);
  });

  it('covers any span with the fewest attempts', () => {
    expect(attemptsCovering(0)).toBe(1);
    expect(attemptsCovering(redriveGraceMs)).toBe(1);
    expect(attemptsCovering(redriveGraceMs + 1)).toBe(2);
    expect(attemptsCovering(DAY)).toBe(redriveOffsetsMs(100).findIndex((o) => o >= DAY) + 1);
  });

  it('gives the same offsets and counts as walking the timetable one attempt at a time', () => {
    const walkedOffset = (attempt: number) => {
      let at = redriveGraceMs;
      for (let made = 1; made < attempt; made++) at += redriveDelayMs(made);
      return at;
    };
    const walkedCount = (spanMs: number) => {
      let attempts = 1;
      for (let at = redriveGraceMs; at < spanMs; ) at += redriveDelayMs(attempts++);
      return attempts;
    };
    for (let attempt = -1; attempt <= 800; attempt++) expect(redriveOffsetMs(attempt)).toBe(walkedOffset(attempt));
    const spans = [0, 1, ...redriveOffsetsMs(800).flatMap((o) => [o - 1, o, o + 1]), 7 * DAY, 30 * DAY, 90 * DAY + 123];
    for (const span of spans) expect(attemptsCovering(span)).toBe(walkedCount(span));
  });
});
