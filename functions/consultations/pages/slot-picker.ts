/**
 * The week of free times as a form: one fieldset per day (the legend names the day), one radio per
 * time with a visible label, one submit button; the zone the times are in, said in words, with a
 * picker that works without JavaScript; "Earlier times" / "Later times" links. Shared by the book
 * page and the manage page's "Move to another time".
 */
import { DateTime } from 'luxon';
import { formatDay, zoneLabel } from '#shared/email/format-time.js';
import { html, pageSecurityPolicy, SafeHtml, scriptHash } from '#shared/http/html.js';
import type { SlotDay, SlotWeek } from './slot-week.js';

/** Zones people most often pick; the page adds the one it shows and the therapist's. */
export const commonZones = [
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Amsterdam',
  'Europe/Stockholm',
  'Europe/Warsaw',
  'Europe/Athens',
  'Europe/Istanbul',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Africa/Nairobi',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Hong_Kong',
  'Asia/Tokyo',
  'Australia/Perth',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'America/Halifax',
  'America/New_York',
  'America/Toronto',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'UTC',
] as const;

/** Where the page's links and forms lead, relative to the page itself (so a base path in front of the API keeps working). */
export interface PageLinks {
  /** The GET page, e.g. "TOKEN" from /book/TOKEN, or "../TOKEN" from /manage/TOKEN/cancel. */
  self: string;
  /** The way up to the API's root, for the therapist's contact page ("../" or "../../"). */
  root: '../' | '../../';
}

const weekLink = (links: PageLinks, week: SlotWeek, from: string): string =>
  `${links.self}?from=${encodeURIComponent(from)}&tz=${encodeURIComponent(week.timeZone)}`;

/** "10:00 to 10:30": both ends in the shown zone (each ISO string carries that zone's offset). */
export const timeRange = (start: string, end: string): string =>
  `${DateTime.fromISO(start, { setZone: true }).toFormat('HH:mm')} to ${DateTime.fromISO(end, { setZone: true }).toFormat('HH:mm')}`;

/** Layout the picker needs beyond the shared page styles (radios must not take the full width). */
export const pickerStyles = `
.days{list-style:none;display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;padding:0;margin:.5rem 0 0}
.days a{display:block;text-align:center;text-decoration:none;color:#1a5e3a;border:1px solid #1a5e3a;border-radius:.375rem;padding:.4rem .3rem;line-height:1.3}
.days a span{display:block}.days a .dow{font-weight:600}
.days a[aria-current]{background:#1a5e3a;color:#fff}
.slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;margin:.5rem 0 0}
fieldset{margin-top:1.25rem}legend{font-weight:600;padding:0;font-size:1.15rem}
label.slot{display:flex;align-items:center;gap:.5rem;white-space:nowrap;font-weight:400;margin:0;padding:.5rem .6rem;border:1px solid #57606a;border-radius:.375rem;cursor:pointer}
label.slot:has(input:checked){border:2px solid #1a5e3a;background:#e8f3ec;padding:calc(.5rem - 1px) calc(.6rem - 1px)}
label.slot input{width:auto;margin:0;accent-color:#1a5e3a}
label.slot.close{flex-wrap:wrap;white-space:normal;row-gap:.1rem}
label.slot .mark{flex-basis:100%;font-size:.875rem;color:#8c2f00}
.alert{border:2px solid #8c2f00;background:#fff4ec;border-radius:.375rem;padding:.75rem 1rem;margin:0 0 1rem}
.note{border-left:4px solid #1a5e3a;background:#f3f8f5;padding:.75rem 1rem;margin:1rem 0}
nav.weeks{display:flex;justify-content:space-between;gap:1rem;margin:.75rem 0 .25rem}
a{color:#0a50a8}
.zone{margin:.25rem 0 .75rem}
details{margin-top:1.5rem;border-top:1px solid #d0d7de;padding-top:1rem}
summary{cursor:pointer;font-weight:600;color:#0a50a8}
section{margin-top:1.5rem;border-top:1px solid #d0d7de;padding-top:1rem}
section.picker{border-top:0;padding-top:0;margin-top:1rem}
h2,h3{font-size:1.15rem;margin:0 0 .25rem}h3{font-size:1.05rem;margin-top:.75rem}
.after{margin:.75rem 0 0}
a.quiet-button{display:inline-block;margin-top:.5rem;padding:.5rem 1rem;border:2px solid #1a5e3a;border-radius:.375rem;color:#1a5e3a;text-decoration:none;font-weight:600}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/** "Times are shown in New York time. Change": the zone always said in words (docs/voice-and-privacy.md). */
export const zoneLine = (zone: string): SafeHtml =>
  html`<p class="zone" id="zone-line">Times are shown in ${zoneLabel(zone)}. <a href="#tz">Change<span class="visually-hidden"> time zone</span></a></p>`;

function zoneOptions(selected: string, extra: readonly string[]): SafeHtml[] {
  const zones = [...new Set([selected, ...extra, ...commonZones])];
  return zones.map(
    (zone) =>
      html`<option value="${zone}"${zone === selected ? html` selected` : html``}>${zoneLabel(zone)} (${zone})</option>`,
  );
}

/** A GET form: choosing another zone reloads the same week in it, without JavaScript. */
export function zonePicker(
  links: PageLinks,
  week: Pick<SlotWeek, 'timeZone' | 'from'>,
  extraZones: readonly string[],
): SafeHtml {
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
 * The script is the same text on every page (the zone shown is in its data attribute), so the CSP
 * allows it by one hash and no other script can run.
 */
const zoneScriptSource = `
(function () {
  try {
    var shown = document.currentScript.getAttribute('data-zone');
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var url = new URL(window.location.href);
    if (zone && zone !== shown && !url.searchParams.has('tz')) {
      url.searchParams.set('tz', zone);
      window.location.replace(url.toString());
    }
  } catch (e) { /* an old browser keeps the zone named on the page, with the picker to change it */ }
})();
`;

export const zoneScriptHash = scriptHash(zoneScriptSource);

export const browserZoneScript = (shown: string): SafeHtml =>
  html`<script data-zone="${shown}">${new SafeHtml(zoneScriptSource)}</script>`;

/** The page's CSP: the zone script allowed by its hash where the page carries it, never framed. */
export const pagePolicy = (withZoneScript: boolean): Record<string, string> => ({
  'content-security-policy': pageSecurityPolicy(withZoneScript ? { scriptHashes: [zoneScriptHash] } : {}),
});

/** A message at the top that is announced and takes focus (a lost race, a missing choice). */
export const alertBox = (id: string, message: string): SafeHtml =>
  html`<div class="alert" role="alert" id="${id}" tabindex="-1" autofocus>${message}</div>`;

export interface PickerOptions {
  week: SlotWeek;
  links: PageLinks;
  /** Where the form posts (relative to the page). */
  action: string;
  button: string;
  /** The day asked for (?day=); the first day with times when absent or without times. */
  day?: string | undefined;
  /** The id of an error the time group is described by. */
  errorId?: string;
  /** The start to keep selected after a re-render. */
  selected?: string;
  /** A sentence under the button: what happens when it is pressed. */
  after?: SafeHtml;
  /** Inside a section with its own h2 (the manage page's "Move to another time"), the day heading is an h3. */
  nested?: boolean;
  /** More fields before the button (the number to call, for a phone appointment). */
  extra?: SafeHtml;
}

/** Beside a time already inside the cancellation notice window (booking-policy.ts insideNoticeWindow). */
export const closeMark = 'Too close to change online';

const closeNoteText = (hours: number | undefined): string =>
  `Times marked “${closeMark}” start in less than ${hours === 1 ? 'one hour' : `${hours ?? 24} hours`}. If you choose one, you could not cancel or move it here: you would need to get in touch directly.`;

const dayLink = (links: PageLinks, week: SlotWeek, day: string): string =>
  `${weekLink(links, week, week.from)}&day=${encodeURIComponent(day)}#times`;

/** The day whose times are shown: the one asked for when it has times this week, else the first that does. */
export const chosenDay = (week: SlotWeek, asked: string | undefined): SlotDay | undefined =>
  week.days.find((d) => d.date === asked) ?? week.days[0];

/**
 * First a day, then that day's times: one link per day with free times (a plain GET, so it works
 * without JavaScript, landing on the times), then the chosen day's times as one radio group and the
 * button right under them. A full day is fifteen or so times, so the button stays within reach on a
 * phone, where a week of times was a wall of sixty.
 */
export function slotPicker(o: PickerOptions): SafeHtml {
  const { week } = o;
  const earlier = week.earlier
    ? html`<a href="${weekLink(o.links, week, week.earlier)}">Earlier days</a>`
    : html`<span></span>`;
  const later = week.later ? html`<a href="${weekLink(o.links, week, week.later)}">Later days</a>` : html``;
  const nav =
    week.earlier || week.later ? html`<nav class="weeks" aria-label="Other days">${earlier}${later}</nav>` : html``;
  const day = chosenDay(week, o.day);
  if (!day) {
    const none = week.later
      ? html`<p>There are no free times in the week from ${formatDay(week.from, week.timeZone)}. The next free times are from ${formatDay(week.later, week.timeZone)}.</p>`
      : html`<p>There are no free times to choose from just now. New times can open up, so you are welcome to look again later with the same link.</p>`;
    return html`${none}${nav}`;
  }
  const days = week.days.map((d) => {
    const [dow, date] = [
      DateTime.fromISO(d.date).setLocale('en-GB').toFormat('cccc'),
      DateTime.fromISO(d.date).setLocale('en-GB').toFormat('d LLLL'),
    ];
    const current = d.date === day.date ? html` aria-current="date"` : html``;
    return html`<li><a href="${dayLink(o.links, week, d.date)}"${current}><span class="dow">${dow}</span> <span>${date}</span></a></li>`;
  });
  const described = o.errorId ? html` aria-describedby="${o.errorId}"` : html``;
  let n = 0;
  const anyClose = day.slots.some((s) => s.closeToStart);
  const radios = day.slots.map((slot) => {
    const id = `slot-${++n}`;
    const checked = slot.start === o.selected ? html` checked` : html``;
    if (!slot.closeToStart)
      return html`<label class="slot" for="${id}"><input type="radio" id="${id}" name="start" value="${slot.start}" required${checked}>${timeRange(slot.start, slot.end)}</label>`;
    return html`<label class="slot close" for="${id}"><input type="radio" id="${id}" name="start" value="${slot.start}" required aria-describedby="close-note"${checked}>${timeRange(slot.start, slot.end)}<span class="mark">${closeMark}</span></label>`;
  });
  const closeNote = anyClose ? html`<p id="close-note" class="note">${closeNoteText(week.noticeHours)}</p>` : html``;
  return html`<section class="picker" aria-labelledby="days-heading">
${o.nested ? html`<h3 id="days-heading">Choose a day</h3>` : html`<h2 id="days-heading">Choose a day</h2>`}
<ul class="days">${days}</ul>
${nav}
</section>
<form method="post" action="${o.action}">
<fieldset id="times"${described}><legend>Times on ${formatDay(day.date, week.timeZone)}</legend>${closeNote}<div class="slots">${radios}</div></fieldset>
<input type="hidden" name="tz" value="${week.timeZone}">
<input type="hidden" name="from" value="${week.from}">
<input type="hidden" name="day" value="${day.date}">
${o.extra ?? html``}
<button type="submit">${o.button}</button>
${o.after ? html`<p class="after">${o.after}</p>` : html``}
</form>`;
}
