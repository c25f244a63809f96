/**
 * The week of free times as a form: one fieldset per day (the legend names the day), one radio per
 * time with a visible label, one submit button; the zone the times are in, said in words, with a
 * picker that works without JavaScript; "Earlier times" / "Later times" links. Shared by the book
 * page and the manage page's "Move to another time".
 */
import { DateTime } from 'luxon';
import { formatDay, zoneLabel } from '../../../shared/email/format-time.js';
import { html, SafeHtml } from '../../../shared/http/html.js';
import type { SlotWeek } from './slot-week.js';

/** Zones people most often pick; the page adds the one it shows and the therapist's. */
export const commonZones = [
  'Europe/London', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Rome', 'Europe/Amsterdam',
  'Europe/Stockholm', 'Europe/Warsaw', 'Europe/Athens', 'Europe/Istanbul', 'Africa/Lagos', 'Africa/Johannesburg', 'Africa/Nairobi',
  'Asia/Dubai', 'Asia/Kolkata', 'Asia/Singapore', 'Asia/Hong_Kong', 'Asia/Tokyo', 'Australia/Perth', 'Australia/Sydney', 'Pacific/Auckland',
  'America/Sao_Paulo', 'America/Halifax', 'America/New_York', 'America/Toronto', 'America/Chicago', 'America/Denver', 'America/Phoenix',
  'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'UTC',
] as const;

/** Where the page's links and forms lead, relative to the page itself (so a base path in front of the API keeps working). */
export interface PageLinks {
  /** The GET page, e.g. "TOKEN" from /book/TOKEN, or "../TOKEN" from /manage/TOKEN/cancel. */
  self: string;
}

const weekLink = (links: PageLinks, week: SlotWeek, from: string): string => `${links.self}?from=${encodeURIComponent(from)}&tz=${encodeURIComponent(week.timeZone)}`;

/** "10:00 to 10:30": both ends in the shown zone (each ISO string carries that zone's offset). */
export const timeRange = (start: string, end: string): string =>
  `${DateTime.fromISO(start, { setZone: true }).toFormat('HH:mm')} to ${DateTime.fromISO(end, { setZone: true }).toFormat('HH:mm')}`;

/** Layout the slot list needs beyond the shared page styles (radios must not take the full width). */
export const pickerStyles = html`<style>
.slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:.5rem;margin:.5rem 0 0}
fieldset{margin-top:1.25rem}legend{font-weight:600;padding:0;font-size:1.05rem}
label.slot{display:flex;align-items:center;gap:.6rem;font-weight:400;margin:0;padding:.55rem .7rem;border:1px solid #57606a;border-radius:.375rem;cursor:pointer}
label.slot:has(input:checked){border:2px solid #1a5e3a;background:#e8f3ec;padding:calc(.55rem - 1px) calc(.7rem - 1px)}
label.slot input{width:auto;margin:0;accent-color:#1a5e3a}
.alert{border:2px solid #8c2f00;background:#fff4ec;border-radius:.375rem;padding:.75rem 1rem;margin:0 0 1rem}
.note{border-left:4px solid #1a5e3a;background:#f3f8f5;padding:.75rem 1rem;margin:1rem 0}
nav.weeks{display:flex;justify-content:space-between;gap:1rem;margin:1.25rem 0 .5rem}
nav.weeks a{color:#0a50a8}
a{color:#0a50a8}
.zone{margin:.25rem 0 1rem}
details{margin-top:1.5rem;border-top:1px solid #d0d7de;padding-top:1rem}
summary{cursor:pointer;font-weight:600;color:#0a50a8}
section{margin-top:1.75rem;border-top:1px solid #d0d7de;padding-top:1rem}
h2{font-size:1.15rem;margin:0 0 .5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
</style>`;

/** "Times are shown in New York time. Change": the zone always said in words (care.md). */
export const zoneLine = (zone: string): SafeHtml =>
  html`<p class="zone" id="zone-line">Times are shown in ${zoneLabel(zone)}. <a href="#tz">Change<span class="visually-hidden"> time zone</span></a></p>`;

function zoneOptions(selected: string, extra: readonly string[]): SafeHtml[] {
  const zones = [...new Set([selected, ...extra, ...commonZones])];
  return zones.map((zone) => html`<option value="${zone}"${zone === selected ? html` selected` : html``}>${zoneLabel(zone)} (${zone})</option>`);
}

/** A GET form: choosing another zone reloads the same week in it, without JavaScript. */
export function zonePicker(links: PageLinks, week: Pick<SlotWeek, 'timeZone' | 'from'>, extraZones: readonly string[]): SafeHtml {
  return html`<details>
<summary>Show the times in another time zone</summary>
<form method="get" action="${links.self}">
<label for="tz">Time zone</label>
<select id="tz" name="tz">${zoneOptions(week.timeZone, extraZones)}</select>
<input type="hidden" name="from" value="${week.from}">
<button type="submit" class="secondary">Show times in this zone</button>
</form>
</details>`;
}

/**
 * Progressive enhancement: with JavaScript, a page opened without ?tz= reloads once in the browser's
 * own zone when that differs from the one shown. A ?tz= in the address (the visitor's own choice, or
 * this reload) is always respected, so it never loops. Only on GET pages: a form's answer must stay.
 */
export function browserZoneScript(shown: string): SafeHtml {
  // The zone is a validated IANA name; JSON with "<" escaped keeps it inert inside <script> anyway.
  const literal = JSON.stringify(shown).replace(/</g, '\\u003c');
  return new SafeHtml(`<script>
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var url = new URL(window.location.href);
    if (zone && zone !== ${literal} && !url.searchParams.has('tz')) {
      url.searchParams.set('tz', zone);
      window.location.replace(url.toString());
    }
  } catch (e) { /* an old browser keeps the zone named on the page, with the picker to change it */ }
})();
</script>`);
}

/** A message at the top that is announced and takes focus (a lost race, a missing choice). */
export const alertBox = (id: string, message: string): SafeHtml => html`<div class="alert" role="alert" id="${id}" tabindex="-1" autofocus>${message}</div>`;

export interface PickerOptions {
  week: SlotWeek;
  links: PageLinks;
  /** Where the form posts (relative to the page). */
  action: string;
  button: string;
  /** The id of an error the slot groups are described by. */
  errorId?: string;
  /** The start to keep selected after a re-render. */
  selected?: string;
}

/** The week's days as fieldsets of radios, or a kind word when the week has none. */
export function slotPicker(o: PickerOptions): SafeHtml {
  const { week } = o;
  const described = o.errorId ? html` aria-describedby="${o.errorId}"` : html``;
  let n = 0;
  const days = week.days.map((day) => {
    const legendId = `day-${day.date}`;
    const radios = day.slots.map((slot) => {
      const id = `slot-${++n}`;
      const checked = slot.start === o.selected ? html` checked` : html``;
      return html`<label class="slot" for="${id}"><input type="radio" id="${id}" name="start" value="${slot.start}" required${checked}>${timeRange(slot.start, slot.end)}</label>`;
    });
    return html`<fieldset${described}><legend id="${legendId}">${formatDay(day.date, week.timeZone)}</legend><div class="slots">${radios}</div></fieldset>`;
  });
  const form =
    week.days.length > 0
      ? html`<form method="post" action="${o.action}">
${days}
<input type="hidden" name="tz" value="${week.timeZone}">
<input type="hidden" name="from" value="${week.from}">
<button type="submit">${o.button}</button>
</form>`
      : week.later
        ? html`<p>There are no free times in the week from ${formatDay(week.from, week.timeZone)}. The next free times are from ${formatDay(week.later, week.timeZone)}.</p>`
        : html`<p>There are no free times to choose from just now. New times can open up, so you are welcome to look again later with the same link.</p>`;
  const earlier = week.earlier ? html`<a href="${weekLink(o.links, week, week.earlier)}">Earlier times</a>` : html`<span></span>`;
  const later = week.later ? html`<a href="${weekLink(o.links, week, week.later)}">Later times</a>` : html``;
  const nav = week.earlier || week.later ? html`<nav class="weeks" aria-label="Other weeks">${earlier}${later}</nav>` : html``;
  return html`${form}${nav}`;
}
