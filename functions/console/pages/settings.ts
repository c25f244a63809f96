/**
 * Booking settings, through the same schema (practiceSettingsSchema) and use case as the API, which
 * refuses a length that fits none of the weekly hours. The form sends only the fields it shows
 * (changeSettings lays them over what is saved), so a setting the form does not show (one added to
 * the API later) is never reset by saving here. Notice and reminders are asked in hours,
 * as a therapist thinks of them; the API keeps minutes.
 */
import type { PracticeSettings, PracticeSettingsChanges } from '#shared/domain/practice-settings.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import type { FieldError } from '#shared/http/problem.js';
import { changeSettings, readSettings } from '#shared/use-cases/scheduling/settings.js';
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
  notWholeNumbers,
  onFields,
  wholeNumber,
  type FormErrors,
} from '../forms.js';

type Values = Readonly<Record<string, string>>;

const numberFields = [
  'consultation.durationMinutes',
  'sessionLengthMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
  'horizonDays',
  'dailyLimit',
  'cancellationNoticeHours',
  'requestExpiryHours',
  'breakNoticeDays',
  'welcomeBackDays',
  'earlyWindowDays',
  'waitingListCheckInWeeks',
] as const;

/** Fields the form asks in hours for a setting the API keeps in minutes: the form's name for each. */
const inHours = { minimumNoticeMinutes: 'minimumNoticeHours', reminderOffsetsMinutes: 'reminderOffsetsHours' } as const;

const fields = new Set<string>([
  ...numberFields,
  ...Object.values(inHours),
  'consultation.mode.kind',
  'consultation.mode.link',
  'consultation.mode.address',
  'requiresConfirmation',
  'startIntervalMinutes',
]);

/** 90 minutes → "1.5"; hours are what the form shows. */
const hours = (minutes: number): string => String(Math.round((minutes / 60) * 100) / 100);

/** "12" or "1.5" hours as minutes; "" is not given; anything else is returned as typed, to be reported. */
function minutesFromHours(value: string | undefined): number | string | undefined {
  const v = (value ?? '').trim().replace(',', '.');
  if (v === '') return undefined;
  return /^\d{1,5}(\.\d{1,2})?$/.test(v) ? Math.round(Number(v) * 60) : v;
}

function valuesOf(s: PracticeSettings): Values {
  const mode = s.consultation.mode;
  return {
    'consultation.durationMinutes': String(s.consultation.durationMinutes),
    'consultation.mode.kind': mode.kind,
    'consultation.mode.link': mode.kind === 'video' ? (mode.link ?? '') : '',
    'consultation.mode.address': mode.kind === 'in-person' ? mode.address : '',
    sessionLengthMinutes: String(s.sessionLengthMinutes),
    startIntervalMinutes: String(s.startIntervalMinutes),
    bufferBeforeMinutes: String(s.bufferBeforeMinutes),
    bufferAfterMinutes: String(s.bufferAfterMinutes),
    minimumNoticeHours: hours(s.minimumNoticeMinutes),
    horizonDays: String(s.horizonDays),
    dailyLimit: s.dailyLimit === null ? '' : String(s.dailyLimit),
    requiresConfirmation: s.requiresConfirmation ? 'yes' : '',
    cancellationNoticeHours: String(s.cancellationNoticeHours),
    reminderOffsetsHours: s.reminderOffsetsMinutes.map(hours).join(', '),
    requestExpiryHours: String(s.requestExpiryHours),
    breakNoticeDays: String(s.breakNoticeDays),
    welcomeBackDays: String(s.welcomeBackDays),
    earlyWindowDays: String(s.earlyWindowDays),
    waitingListCheckInWeeks: String(s.waitingListCheckInWeeks),
  };
}

/**
 * The form's fields as changes to the saved settings: only what the form shows. Numbers that are not
 * numbers are reported here, in the form's words.
 */
function changesOf(v: Values): { changes: PracticeSettingsChanges; errors: FieldError[] } {
  const kind = v['consultation.mode.kind'] ?? '';
  const link = (v['consultation.mode.link'] ?? '').trim();
  const mode =
    kind === 'video'
      ? { kind, ...(link ? { link } : {}) }
      : kind === 'in-person'
        ? { kind, address: v['consultation.mode.address'] ?? '' }
        : { kind };
  const reminders = (v.reminderOffsetsHours ?? '')
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((r) => minutesFromHours(r));
  const notice = minutesFromHours(v.minimumNoticeHours);
  const numbers: Record<string, unknown> = Object.fromEntries(numberFields.map((f) => [f, wholeNumber(v[f])]));
  const errors = [
    // Left empty is not "keep what was saved": the field is on the form, so it is asked for by name.
    ...[
      ...numberFields.filter((f) => f !== 'dailyLimit' && numbers[f] === undefined),
      ...(notice === undefined ? ['minimumNoticeHours'] : []),
    ].map((path) => ({ path, message: 'Please fill this in.' })),
    ...notWholeNumbers(numbers, numberFields),
    ...(typeof notice === 'string'
      ? [{ path: 'minimumNoticeHours', message: 'Please enter a number of hours, like 12, or 0.5 for half an hour.' }]
      : []),
    ...(reminders.some((r) => typeof r === 'string')
      ? [
          {
            path: 'reminderOffsetsHours',
            message: 'Please give the reminders as hours before the appointment, separated by commas, like 24, 2.',
          },
        ]
      : []),
  ];
  // Every shown field is sent, left empty or not: an empty number is the schema's to refuse, by name.
  const changes = {
    consultation: { durationMinutes: numbers['consultation.durationMinutes'], mode },
    sessionLengthMinutes: numbers.sessionLengthMinutes,
    startIntervalMinutes: wholeNumber(v.startIntervalMinutes),
    bufferBeforeMinutes: numbers.bufferBeforeMinutes,
    bufferAfterMinutes: numbers.bufferAfterMinutes,
    minimumNoticeMinutes: notice,
    horizonDays: numbers.horizonDays,
    // Empty means no daily limit (null in the API).
    dailyLimit: numbers.dailyLimit ?? null,
    requiresConfirmation: v.requiresConfirmation === 'yes',
    cancellationNoticeHours: numbers.cancellationNoticeHours,
    reminderOffsetsMinutes: reminders,
    requestExpiryHours: numbers.requestExpiryHours,
    breakNoticeDays: numbers.breakNoticeDays,
    welcomeBackDays: numbers.welcomeBackDays,
    earlyWindowDays: numbers.earlyWindowDays,
    waitingListCheckInWeeks: numbers.waitingListCheckInWeeks,
  } as PracticeSettingsChanges;
  return { changes, errors };
}

/** A schema error at an API path, on the form's field for it (minutes in the API, hours on the form). */
const onForm = (errors: readonly FieldError[]): FieldError[] =>
  onFields(
    errors.map((e) => {
      const [head, ...rest] = e.path.split('.');
      const renamed = inHours[head as keyof typeof inHours];
      return renamed ? { ...e, path: [renamed, ...rest].join('.') } : e;
    }),
    fields,
  );

function numberInput(
  name: (typeof numberFields)[number],
  label: string,
  hint: string,
  v: Values,
  errors: FormErrors,
): SafeHtml {
  return inputField({ name, label, hint, value: v[name] ?? '', inputmode: 'numeric' }, errors);
}

function radios(name: string, legend: string, options: [string, string][], v: Values, errors: FormErrors): SafeHtml {
  const error = errors.get(name);
  return html`<fieldset id="${fieldId(name)}"${error ? html` aria-describedby="${fieldId(name)}-error"` : html``}><legend>${legend}</legend>
${error ? html`<p class="error" id="${fieldId(name)}-error">${error}</p>` : html``}
${options.map(([value, label]) => html`<label class="choice"><input type="radio" name="${name}" value="${value}"${v[name] === value ? html` checked` : html``}>${label}</label>`)}
</fieldset>`;
}

async function settingsPage(req: ConsoleRequest<unknown>, failed?: { values: Values; errors: FormErrors }) {
  const { therapist, runtime, csrf, query } = req;
  const saved = await readSettings(runtime, therapist.therapistId);
  const v = failed?.values ?? valuesOf(saved.settings);
  const e = failed?.errors ?? noErrors;
  const body = html`<p><a href="/console/availability">Back to availability</a></p>
<h1>Booking settings</h1>
${query.done === 'saved' ? doneMessage('Your booking settings are saved. They apply to times offered from now on.') : html``}
${failed ? errorSummary(e) : html``}
${saved.saved ? html`` : html`<p class="muted">These are the starting settings. Nothing is saved until you press the button.</p>`}
${actionForm(
  csrf,
  '/console/settings',
  html`<h2>First consultation</h2>
${numberInput('consultation.durationMinutes', 'Length of a first consultation, in minutes', '10 to 240.', v, e)}
${radios(
  'consultation.mode.kind',
  'How it happens',
  [
    ['video', 'Video call'],
    ['phone', 'Phone call'],
    ['in-person', 'In person'],
  ],
  v,
  e,
)}
${inputField({ name: 'consultation.mode.link', label: 'Video link (for video calls, optional)', hint: 'A full https:// address. Leave it empty to send the link yourself.', type: 'url', value: v['consultation.mode.link'] ?? '' }, e)}
${inputField({ name: 'consultation.mode.address', label: 'Address (for in-person appointments)', value: v['consultation.mode.address'] ?? '' }, e)}
<h2>Sessions</h2>
${numberInput('sessionLengthMinutes', 'Length of a session, in minutes', '10 to 240.', v, e)}
${radios(
  'startIntervalMinutes',
  'Minutes between the start times offered',
  [
    ['15', 'Every 15 minutes'],
    ['30', 'Every 30 minutes'],
    ['60', 'On the hour'],
  ],
  v,
  e,
)}
${numberInput('bufferBeforeMinutes', 'Free time before each appointment, in minutes', '0 to 120.', v, e)}
${numberInput('bufferAfterMinutes', 'Free time after each appointment, in minutes', '0 to 120.', v, e)}
${numberInput('dailyLimit', 'Most appointments in one day', 'Leave empty for no limit.', v, e)}
<h2>Booking and cancelling</h2>
${inputField({ name: 'minimumNoticeHours', label: 'Shortest notice for a booking, in hours', hint: '12 is half a day; 24 is a day; 0.5 is half an hour.', value: v.minimumNoticeHours ?? '', inputmode: 'decimal' }, e)}
${numberInput('horizonDays', 'How far ahead clients can book, in days', '1 to 365.', v, e)}
<label class="choice"><input type="checkbox" id="${fieldId('requiresConfirmation')}" name="requiresConfirmation" value="yes"${v.requiresConfirmation === 'yes' ? html` checked` : html``}>I confirm each booking myself</label>
${numberInput('requestExpiryHours', 'Hours a request waits for you before it is released', '2 to 336 (14 days); 48 is two days.', v, e)}
${numberInput('cancellationNoticeHours', 'Hours before an appointment that a client can still cancel or move it', '0 to 336 (14 days); 24 is a day.', v, e)}
${inputField({ name: 'reminderOffsetsHours', label: 'Reminders, in hours before the appointment', hint: 'Up to three, separated by commas: 24 is a day, 2 is two hours, 0.25 is 15 minutes. Leave empty for none.', value: v.reminderOffsetsHours ?? '' }, e)}
<h2>Breaks</h2>
${numberInput('breakNoticeDays', 'Days of notice clients get before a break', '1 to 90.', v, e)}
${numberInput('welcomeBackDays', 'Days before a break ends that clients are invited back', '1 to 30.', v, e)}
${numberInput('earlyWindowDays', 'Days the first weeks after a break are kept for returning clients', '0 to 14; 0 keeps none.', v, e)}
<h2>Waiting list</h2>
${numberInput('waitingListCheckInWeeks', 'Weeks between check-ins with people on your waiting list', '2 to 26. Each check-in asks whether they would like to keep their place.', v, e)}
<button type="submit" class="primary">Save booking settings</button>`,
)}
<h2>Signing in</h2>
<p>You stay signed in here for up to 12 hours. If you have lost a phone or left the console open on another computer, you can sign out on every device at once, this one included.</p>
${actionForm(csrf, '/console/sign-out-everywhere', html`<button type="submit">Sign out everywhere</button>`)}`;
  return showPage({ ...(failed ? { status: 400 } : {}), title: 'Booking settings', section: 'settings', body });
}

export const settingsPages = {
  consoleSettings: consolePage({ run: (req) => settingsPage(req) }),

  consoleSaveSettings: consolePage({
    async run(req) {
      const { changes, errors } = changesOf(req.form);
      const fail = (found: FieldError[]) => settingsPage(req, { values: req.form, errors: errorMap(onForm(found)) });
      if (errors.length) return fail(errors);
      try {
        await changeSettings(req.runtime, req.therapist.therapistId, changes, req.now);
      } catch (error) {
        const found = errorsFrom(error);
        if (!found) throw error;
        return fail(found);
      }
      return redirectTo('/console/settings?done=saved');
    },
  }),
};
