/**
 * Weekly hours (several periods a day) and date overrides, with the API's own schemas and use
 * cases (PUT /me/availability, POST and DELETE /me/availability/overrides): an error the API would
 * report at `weekly.mon.1.end` is shown beside Monday's second "to" field.
 */
import * as z from '#shared/zod.js';
import { WEEKDAYS } from '#shared/domain/slots/local-time.js';
import type { DateOverride, LocalInterval, Weekday } from '#shared/domain/slots/types.js';
import {
  dateOverrideSchema,
  localDateSchema,
  maxIntervalsPerDay,
  weekdayName,
  weeklyHoursSchema,
} from '#shared/domain/weekly-hours-schema.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import type { FieldError } from '#shared/http/problem.js';
import { readAvailability, updateAvailability } from '#shared/use-cases/scheduling/availability.js';
import { listUpcomingOverrides, removeOverride, setOverride } from '#shared/use-cases/scheduling/overrides.js';
import { consolePage, redirectTo, showPage, type ConsoleRequest } from '../console-page.js';
import {
  actionForm,
  dateField,
  datesIn,
  doneMessage,
  errorMap,
  errorsFrom,
  errorSummary,
  fieldId,
  noErrors,
  type FormErrors,
} from '../forms.js';
import { dateInWords, zoneLabel } from '../words.js';

type Rows = Record<string, { start: string; end: string }[]>;
type Failed = { form: 'hours' | 'override'; values: Readonly<Record<string, string>>; errors: FormErrors };

/**
 * The zones most therapists here work in, offered above the full list of several hundred, so choosing
 * one is not a long scroll past Africa/Abidjan. The therapist's own zone leads.
 */
const likelyZones = [
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'Australia/Sydney',
  'Pacific/Auckland',
];

function zoneOptions(current: string): SafeHtml {
  const option = (z: string) => html`<option value="${z}"${z === current ? html` selected` : html``}>${z}</option>`;
  const likely = [current, ...likelyZones.filter((z) => z !== current)];
  // The current zone is selected once, in the short list; the full list names every zone the runtime knows.
  const rest = Intl.supportedValuesOf('timeZone').filter((z) => !likely.includes(z));
  return html`<optgroup label="Likely time zones">${likely.map(option)}</optgroup><optgroup label="All time zones">${rest.map(option)}</optgroup>`;
}

function periodRow(
  prefix: string,
  i: number,
  value: { start: string; end: string },
  errors: FormErrors,
  dayLabel: string,
): SafeHtml {
  const start = `${prefix}.${i}.start`;
  const end = `${prefix}.${i}.end`;
  const errorFor = (path: string) =>
    errors.has(path) ? html`<p class="error" id="${fieldId(path)}-error">${errors.get(path)}</p>` : html``;
  const attrs = (path: string) =>
    errors.has(path) ? html` aria-invalid="true" aria-describedby="${fieldId(path)}-error"` : html``;
  return html`<div class="period">
<label for="${fieldId(start)}"><span class="vh">${dayLabel}, period ${i + 1}, </span>From</label><input id="${fieldId(start)}" name="${start}" type="text" value="${value.start}" placeholder="09:00" autocomplete="off"${attrs(start)}>
<label for="${fieldId(end)}"><span class="vh">${dayLabel}, period ${i + 1}, </span>to</label><input id="${fieldId(end)}" name="${end}" type="text" value="${value.end}" placeholder="17:00" autocomplete="off"${attrs(end)}>
</div>${errorFor(start)}${errorFor(end)}`;
}

/** The periods a form sent for `prefix` (a day, or an override), blank rows left out, and where each came from. */
function periodsFrom(
  form: Readonly<Record<string, string>>,
  prefix: string,
): { list: LocalInterval[]; rowOf: number[] } {
  const list: LocalInterval[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < maxIntervalsPerDay; i++) {
    const start = (form[`${prefix}.${i}.start`] ?? '').trim();
    const end = (form[`${prefix}.${i}.end`] ?? '').trim();
    if (start === '' && end === '') continue;
    list.push({ start, end });
    rowOf.push(i);
  }
  return { list, rowOf };
}

/** An error at `weekly.mon.0.end` of the sent list names the form's row, which may differ when a row was left blank. */
const toRows = (errors: FieldError[], prefix: string, rowOf: number[]): FieldError[] =>
  errors.map((e) => {
    const m = new RegExp(`^${prefix.replace('.', '\\.')}\\.(\\d+)(\\..*)?$`).exec(e.path);
    return m ? { ...e, path: `${prefix}.${rowOf[Number(m[1])] ?? m[1]}${m[2] ?? ''}` } : e;
  });

function rowsFromForm(form: Readonly<Record<string, string>>, prefix: string): { start: string; end: string }[] {
  const rows: { start: string; end: string }[] = [];
  for (let i = 0; i < maxIntervalsPerDay; i++)
    rows.push({ start: form[`${prefix}.${i}.start`] ?? '', end: form[`${prefix}.${i}.end`] ?? '' });
  while (
    rows.length > 1 &&
    rows[rows.length - 1]!.start === '' &&
    rows[rows.length - 1]!.end === '' &&
    rows[rows.length - 2]!.start === '' &&
    rows[rows.length - 2]!.end === ''
  )
    rows.pop();
  return rows;
}

/** The saved periods, and one empty row to add another (up to the most a day may have). */
function rowsFromSaved(list: readonly LocalInterval[]): { start: string; end: string }[] {
  const rows = list.map((iv) => ({ start: iv.start, end: iv.end }));
  if (rows.length < maxIntervalsPerDay) rows.push({ start: '', end: '' });
  return rows;
}

const doneWords: Record<string, string> = {
  hours: 'Your weekly hours are saved. New invitations offer times inside them.',
  override: 'The date is saved.',
  'override-removed': 'The date follows your weekly hours again.',
};

async function availabilityPage(req: ConsoleRequest<unknown>, failed?: Failed) {
  const { therapist, runtime, now, csrf, query } = req;
  const [hours, overrides] = await Promise.all([
    readAvailability(runtime, therapist.therapistId),
    listUpcomingOverrides(runtime, therapist.therapistId, now),
  ]);
  const hoursErrors = failed?.form === 'hours' ? failed.errors : noErrors;
  const overrideErrors = failed?.form === 'override' ? failed.errors : noErrors;
  const zone = failed?.form === 'hours' ? (failed.values.timeZone ?? hours.timeZone) : hours.timeZone;
  const rows: Rows = Object.fromEntries(
    WEEKDAYS.map((d) => [
      d,
      failed?.form === 'hours' ? rowsFromForm(failed.values, `weekly.${d}`) : rowsFromSaved(hours.weekly[d] ?? []),
    ]),
  );
  const overrideRows =
    failed?.form === 'override'
      ? rowsFromForm(failed.values, 'intervals')
      : [
          { start: '', end: '' },
          { start: '', end: '' },
        ];
  while (overrideRows.length < 2) overrideRows.push({ start: '', end: '' });

  const days = WEEKDAYS.map((d: Weekday) => {
    const dayError = hoursErrors.get(`weekly.${d}`);
    return html`<fieldset class="day"><legend>${weekdayName(d)}</legend>
${dayError ? html`<p class="error" id="${fieldId(`weekly.${d}`)}">${dayError}</p>` : html``}
${rows[d]!.map((row, i) => periodRow(`weekly.${d}`, i, row, hoursErrors, weekdayName(d)))}
</fieldset>`;
  });

  const overrideList = overrides.items.length
    ? html`<ul class="items">${overrides.items.map(
        (
          o: DateOverride,
        ) => html`<li><strong>${dateInWords(o.date)}</strong>: ${o.intervals.length ? o.intervals.map((iv) => `${iv.start} to ${iv.end}`).join(', ') : 'closed'}
${actionForm(csrf, `/console/availability/overrides/${o.date}/delete`, html`<button type="submit">Remove the change to ${dateInWords(o.date)}</button>`)}</li>`,
      )}</ul>`
    : html`<p class="muted">No dates are changed. Every day follows your weekly hours.</p>`;

  const body = html`<h1>Availability</h1>
${query.done && doneWords[query.done] ? doneMessage(doneWords[query.done]!) : html``}
${failed ? errorSummary(failed.errors, (p) => (p === 'weekly' ? undefined : fieldId(p))) : html``}
<p>Clients are offered times inside these hours, less what is booked, your breaks and your <a href="/console/settings">booking settings</a> (notice, buffers, how far ahead).</p>
${hours.configured ? html`` : html`<p class="done">You have no weekly hours yet, so no times can be offered. Add your working periods below.</p>`}
<h2>Weekly hours</h2>
${actionForm(
  csrf,
  '/console/availability/hours',
  html`<label for="${fieldId('timeZone')}">Time zone</label>
${hoursErrors.has('timeZone') ? html`<p class="error" id="${fieldId('timeZone')}-error">${hoursErrors.get('timeZone')}</p>` : html``}
<select id="${fieldId('timeZone')}" name="timeZone"${hoursErrors.has('timeZone') ? html` aria-invalid="true" aria-describedby="${fieldId('timeZone')}-error"` : html``}>${zoneOptions(zone)}</select>
<p class="hint">Times on the 24-hour clock, like 09:00 and 17:30. Leave a day empty for a day off. Each day has room for one more period; save to add another.</p>
${hoursErrors.has('weekly') ? html`<p class="error">${hoursErrors.get('weekly')}</p>` : html``}
${days}
<button type="submit" class="primary">Save weekly hours</button>`,
)}
<h2>Changes to single dates</h2>
<p>Close a day, or give it different hours, without changing the rest of the week. Times are in ${zoneLabel(overrides.timeZone)}.</p>
${overrideList}
<h3>Change a date</h3>
${actionForm(
  csrf,
  '/console/availability/overrides',
  html`${dateField({ name: 'date', label: 'Date', values: failed?.form === 'override' ? failed.values : {} }, overrideErrors)}
<fieldset><legend>Hours on that date</legend>
<p class="hint">On the 24-hour clock, like 10:00. Leave the times empty to close the day.</p>
${overrideErrors.has('intervals') ? html`<p class="error" id="${fieldId('intervals')}">${overrideErrors.get('intervals')}</p>` : html``}
${overrideRows.map((row, i) => periodRow('intervals', i, row, overrideErrors, 'On that date'))}
</fieldset>
<button type="submit">Save this date</button>`,
)}`;
  return showPage({ ...(failed ? { status: 400 } : {}), title: 'Availability', section: 'availability', body });
}

const dateParams = z.object({ date: localDateSchema });

export const availabilityPages = {
  consoleAvailability: consolePage({ run: (req) => availabilityPage(req) }),

  consoleSaveHours: consolePage({
    async run(req) {
      const { form, therapist, runtime, now } = req;
      const weekly: Record<string, LocalInterval[]> = {};
      const rowOf: Record<string, number[]> = {};
      for (const d of WEEKDAYS) {
        const sent = periodsFrom(form, `weekly.${d}`);
        weekly[d] = sent.list;
        rowOf[d] = sent.rowOf;
      }
      const fail = (errors: FieldError[]) =>
        availabilityPage(req, {
          form: 'hours',
          values: form,
          errors: errorMap(WEEKDAYS.reduce((acc, d) => toRows(acc, `weekly.${d}`, rowOf[d]!), errors)),
        });
      const parsed = weeklyHoursSchema.safeParse({ timeZone: form.timeZone ?? '', weekly });
      if (!parsed.success) return fail(errorsFrom(parsed.error) ?? []);
      try {
        await updateAvailability(runtime, therapist.therapistId, parsed.data, now);
      } catch (error) {
        const errors = errorsFrom(error);
        if (!errors) throw error;
        return fail(errors);
      }
      return redirectTo('/console/availability?done=hours');
    },
  }),

  consoleSaveOverride: consolePage({
    async run(req) {
      const { therapist, runtime, now } = req;
      const sent = periodsFrom(req.form, 'intervals');
      const fail = (errors: FieldError[]) =>
        availabilityPage(req, {
          form: 'override',
          values: req.form,
          errors: errorMap(toRows(errors, 'intervals', sent.rowOf)),
        });
      const { form, errors: dateErrors } = datesIn(req.form, ['date']);
      if (dateErrors.length) return fail(dateErrors);
      const parsed = dateOverrideSchema.safeParse({ date: (form.date ?? '').trim(), intervals: sent.list });
      if (!parsed.success) return fail(errorsFrom(parsed.error) ?? []);
      try {
        await setOverride(runtime, therapist.therapistId, parsed.data, now);
      } catch (error) {
        const errors = errorsFrom(error);
        if (!errors) throw error;
        return fail(errors);
      }
      return redirectTo('/console/availability?done=override');
    },
  }),

  consoleDeleteOverride: consolePage({
    params: dateParams,
    async run({ params, therapist, runtime, now }) {
      await removeOverride(runtime, therapist.therapistId, params.date, now);
      return redirectTo('/console/availability?done=override-removed');
    },
  }),
};
