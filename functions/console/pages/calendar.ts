/**
 * Calendars: the private feed of the therapist's appointments (its address to copy, how to add it to
 * the usual calendar apps, what it shows of clients, a new address when the old one was shared), and
 * the therapist's own calendars whose busy times block slots, each with its state in words. The use
 * cases and schemas of GET/PUT /me/calendar-feed, POST /me/calendar-feed/rotate and
 * GET/PUT /me/busy-calendars.
 */
import * as z from '#shared/zod.js';
import { feedShowsOptions, type FeedShows } from '#shared/domain/calendar-feed.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import type { FieldError } from '#shared/http/problem.js';
import { busyCalendarSource } from '#shared/use-cases/calendars/busy-calendar-schemas.js';
import {
  readBusyCalendars,
  replaceBusyCalendars,
  type BusyCalendarView,
} from '#shared/use-cases/calendars/busy-calendars.js';
import {
  chooseCalendarFeedShows,
  readCalendarFeed,
  rotateCalendarFeed,
} from '#shared/use-cases/calendars/calendar-feed.js';
import { maxBusyCalendars } from '#shared/store/index.js';
import { consolePage, redirectTo, showPage, type ConsoleRequest } from '../console-page.js';
import {
  actionForm,
  doneMessage,
  errorMap,
  errorsFrom,
  errorSummary,
  fieldId,
  inputField,
  noErrors,
  type FormErrors,
} from '../forms.js';
import { ago, when } from '../words.js';

const showsLabels: Record<FeedShows, string> = {
  initials: 'Initials only, like “A.M.”',
  'first-name': 'First name, like “Alex”',
  nothing: 'Nothing: each appointment is just “Appointment”',
};

const doneMessages: Record<string, string> = {
  shows: 'Saved. Calendar apps show the change the next time they check the feed (most check every few hours).',
  rotated: 'Your feed has a new address. The old one stopped working just now: add the new one to your calendar app.',
  added: 'Calendar added. It is read within a minute, then every 15 minutes.',
  removed: 'Calendar removed. Its busy times no longer block your times.',
};

const calendarParams = z.object({ calendarId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) });
type CalendarParams = z.infer<typeof calendarParams>;

/** "Read 4 minutes ago", or why it could not be read and since when, in the therapist's zone. */
export function calendarState(c: BusyCalendarView, now: Date, zone: string): string {
  if (c.status === 'waiting') return 'Not read yet. It is read within a minute of being added.';
  if (c.status === 'ok')
    return `Read ${ago(c.lastSyncedAt!, now)}. ${c.busyTimes === 1 ? '1 busy time' : `${c.busyTimes} busy times`} in your booking window.`;
  const since = c.lastSyncedAt ? `Could not be read since ${when(c.lastSyncedAt, zone)}` : 'Could not be read yet';
  const kept = c.lastSyncedAt ? ' The busy times of its last good read still block your times.' : '';
  return `${since}: ${c.problem?.message ?? 'the read did not work.'}${kept}`;
}

function busyCalendarItem(c: BusyCalendarView, csrf: string, now: Date, zone: string): SafeHtml {
  return html`<li><strong>${c.label}</strong>${c.status === 'failing' ? html` <span class="tag attention">Needs a look</span>` : html``}
<p class="small">${calendarState(c, now, zone)}</p>
${actionForm(csrf, `/console/calendar/busy/${c.calendarId}/remove`, html`<button type="submit" class="link">Remove ${c.label}</button>`)}</li>`;
}

interface Failed {
  form: 'add' | 'shows';
  values: Readonly<Record<string, string>>;
  errors: FormErrors;
}

async function calendarPage(req: ConsoleRequest<unknown>, failed?: Failed) {
  const { therapist, runtime, csrf, query, now } = req;
  const zone = therapist.timeZone;
  const [feed, calendars] = await Promise.all([
    readCalendarFeed(runtime, therapist.therapistId, now),
    readBusyCalendars(runtime, therapist.therapistId),
  ]);
  const shows = failed?.form === 'shows' ? (failed.values.shows ?? '') : feed.shows;
  const added = failed?.form === 'add' ? failed.values : {};
  const e = failed?.errors ?? noErrors;
  const done = query.done ? doneMessages[query.done] : undefined;
  const body = html`<h1>Calendars</h1>
${done ? doneMessage(done) : html``}
${failed ? errorSummary(e) : html``}
<section aria-labelledby="feed">
<h2 id="feed">Your appointments in your own calendar</h2>
<p>Add this address to your calendar app to see your Threshold appointments there. It is private: anyone who has it sees your appointments, so keep it to yourself.</p>
<label for="feed-url">Your calendar feed address</label>
<input id="feed-url" type="text" readonly value="${feed.url}">
<button type="button" data-copy="feed-url" hidden>Copy the address</button>
<p class="small" role="status" data-copied="feed-url"></p>
<ul class="small">
<li>Google Calendar: Other calendars, +, From URL, then paste the address.</li>
<li>Apple Calendar: File, New Calendar Subscription, then paste the address.</li>
<li>Outlook: Add calendar, Subscribe from web, then paste the address.</li>
</ul>
${actionForm(
  csrf,
  '/console/calendar/feed',
  html`<fieldset id="${fieldId('shows')}"${e.has('shows') ? html` aria-describedby="${fieldId('shows')}-error"` : html``}><legend>What the feed shows of each client</legend>
<span class="hint">A calendar can be seen on a lock screen or by someone sharing it with you. It never shows an email address, a phone number or a message.</span>
${e.has('shows') ? html`<p class="error" id="${fieldId('shows')}-error">${e.get('shows')!}</p>` : html``}
${feedShowsOptions.map((o) => html`<label class="choice"><input type="radio" name="shows" value="${o}"${shows === o ? html` checked` : html``}>${showsLabels[o]}</label>`)}
</fieldset>
<button type="submit">Save what the feed shows</button>`,
)}
<h3>A new address</h3>
<p>If the address was shared by mistake, make a new one. The old address stops working at once, so every calendar app that uses it must be given the new one.</p>
${actionForm(
  csrf,
  '/console/calendar/feed/rotate',
  html`<button type="submit" class="danger">Make a new address</button>`,
  {
    confirm: 'Make a new address? The old one stops working at once.',
  },
)}
</section>
<section aria-labelledby="busy">
<h2 id="busy">Your own calendars</h2>
<p>Times that are busy in these calendars are not offered to clients. Threshold reads only when you are busy, never what your events say.</p>
${calendars.length ? html`<ul class="items">${calendars.map((c) => busyCalendarItem(c, csrf, now, zone))}</ul>` : html`<p class="muted">No calendars yet.</p>`}
${
  calendars.length < maxBusyCalendars
    ? actionForm(
        csrf,
        '/console/calendar/busy',
        html`<h3>Add a calendar</h3>
${inputField({ name: 'label', label: 'A name you will recognise', hint: 'Like “Home” or “Work”.', value: added.label ?? '' }, e)}
${inputField({ name: 'url', label: 'The calendar’s private address (iCal)', hint: 'In Google Calendar: Settings, your calendar, “Secret address in iCal format”. It starts with https:// or webcal://.', type: 'url', value: added.url ?? '' }, e)}
<button type="submit" class="primary">Add calendar</button>`,
      )
    : html`<p class="muted">You have ${maxBusyCalendars} calendars, the most there can be. Remove one to add another.</p>`
}
</section>`;
  return showPage({ ...(failed ? { status: 400 } : {}), title: 'Calendars', section: 'calendar', body });
}

/** An error the use case reported for the new calendar (its place in the list) on the add form's field. */
const onAddForm = (errors: readonly FieldError[], index: number): FieldError[] =>
  errors.map((err) => {
    const [head, field] = err.path.split('.');
    if (head === String(index) && (field === 'label' || field === 'url')) return { path: field, message: err.message };
    if (head === 'label' || head === 'url') return err;
    return { path: 'url', message: err.message };
  });

export const calendarPages = {
  consoleCalendar: consolePage({ run: (req) => calendarPage(req) }),

  consoleSaveFeedShows: consolePage({
    async run(req) {
      const shows = req.form.shows ?? '';
      if (!(feedShowsOptions as readonly string[]).includes(shows))
        return calendarPage(req, {
          form: 'shows',
          values: req.form,
          errors: errorMap([{ path: 'shows', message: 'Please choose what the feed shows.' }]),
        });
      await chooseCalendarFeedShows(req.runtime, req.therapist.therapistId, shows as FeedShows, req.now);
      return redirectTo('/console/calendar?done=shows');
    },
  }),

  consoleRotateFeed: consolePage({
    async run({ runtime, therapist, now }) {
      await rotateCalendarFeed(runtime, therapist.therapistId, now);
      return redirectTo('/console/calendar?done=rotated');
    },
  }),

  consoleAddBusyCalendar: consolePage({
    async run(req) {
      const { runtime, therapist, now, form } = req;
      const fail = (found: FieldError[]) => calendarPage(req, { form: 'add', values: form, errors: errorMap(found) });
      const parsed = busyCalendarSource.safeParse({ label: form.label ?? '', url: form.url ?? '' });
      if (!parsed.success) return fail(errorsFrom(parsed.error) ?? []);
      const current = await readBusyCalendars(runtime, therapist.therapistId);
      try {
        await replaceBusyCalendars(
          runtime,
          therapist.therapistId,
          [...current.map(({ label, url }) => ({ label, url })), parsed.data],
          now,
        );
      } catch (error) {
        const found = errorsFrom(error);
        if (!found) throw error;
        return fail(onAddForm(found, current.length));
      }
      return redirectTo('/console/calendar?done=added');
    },
  }),

  consoleRemoveBusyCalendar: consolePage<CalendarParams>({
    params: calendarParams,
    async run({ params, runtime, therapist, now }) {
      const current = await readBusyCalendars(runtime, therapist.therapistId);
      // Already gone (removed in another tab): the list is as asked, so say it is done.
      const rest = current.filter((c) => c.calendarId !== params.calendarId);
      if (rest.length !== current.length)
        await replaceBusyCalendars(
          runtime,
          therapist.therapistId,
          rest.map(({ label, url }) => ({ label, url })),
          now,
        );
      return redirectTo('/console/calendar?done=removed');
    },
  }),
};
