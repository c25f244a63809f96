/**
 * Form pieces the console pages share. A field's name is the API's field path (`weekly.mon.0.start`,
 * `note`), so an error the use case or the API's schema reports at a path lands beside that field,
 * and the summary at the top links to it. Every form that acts carries the session's CSRF token.
 */
// The error class by name: `z.core.$ZodError` as a value would bring all of zod's core, JSON Schema included.
import { $ZodError } from 'zod/v4/core';
import { RuleViolation } from '#shared/domain/errors.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import { fieldErrors, type FieldError } from '#shared/http/problem.js';

export type FormErrors = ReadonlyMap<string, string>;
export const noErrors: FormErrors = new Map();

/** The field errors in a validation failure or a rule the use case refused; undefined for anything else. */
export function errorsFrom(error: unknown, prefix: string[] = []): FieldError[] | undefined {
  if (error instanceof $ZodError) return fieldErrors(error, prefix);
  if (error instanceof RuleViolation) return [{ path: error.path, message: error.message }];
  return undefined;
}

export const errorMap = (errors: readonly FieldError[]): FormErrors => {
  const map = new Map<string, string>();
  for (const e of errors) if (!map.has(e.path)) map.set(e.path, e.message);
  return map;
};

/** The id of the control for a field path: `weekly.mon.0.start` → `f-weekly-mon-0-start`. */
export const fieldId = (path: string): string => `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

/**
 * The errors at the top of the page, each a link to its field, focused when the page opens. `idFor`
 * names the control of each path that has one on this form (by default fieldId for every path);
 * an error without a control is shown without a link.
 */
export function errorSummary(errors: FormErrors, idFor: (path: string) => string | undefined = fieldId): SafeHtml {
  if (errors.size === 0) return html``;
  const items = [...errors].map(([path, message]) => {
    const id = idFor(path);
    return id ? html`<li><a href="#${id}">${message}</a></li>` : html`<li>${message}</li>`;
  });
  return html`<div class="summary" role="alert" tabindex="-1" data-focus><h2>${errors.size === 1 ? 'There is one thing to fix' : `There are ${errors.size} things to fix`}</h2><ul>${items}</ul></div>`;
}

/** A message after a form acted: announced, and focused so a keyboard user starts from it. */
export const doneMessage = (message: SafeHtml | string): SafeHtml =>
  html`<div class="done" role="status" tabindex="-1" data-focus>${message}</div>`;

export interface ActionFormOptions {
  /** Asked (with JavaScript) before the form is sent: for what cannot be undone. */
  confirm?: string;
  className?: string;
}

export function actionForm(csrf: string, action: string, body: SafeHtml, options: ActionFormOptions = {}): SafeHtml {
  return html`<form method="post" action="${action}"${options.confirm ? html` data-confirm="${options.confirm}"` : html``}${options.className ? html` class="${options.className}"` : html``}>
<input type="hidden" name="csrf" value="${csrf}">
${body}
</form>`;
}

const fieldError = (path: string, errors: FormErrors): SafeHtml => {
  const message = errors.get(path);
  return message ? html`<p class="error" id="${fieldId(path)}-error">${message}</p>` : html``;
};

const describedBy = (path: string, errors: FormErrors, hint?: string): SafeHtml => {
  const ids = [...(hint ? [`${fieldId(path)}-hint`] : []), ...(errors.has(path) ? [`${fieldId(path)}-error`] : [])];
  return ids.length ? html` aria-describedby="${ids.join(' ')}"` : html``;
};

const invalid = (path: string, errors: FormErrors): SafeHtml =>
  errors.has(path) ? html` aria-invalid="true"` : html``;

export interface InputField {
  name: string;
  /** When the same field appears in two forms on one page. */
  id?: string;
  label: string;
  value?: string;
  hint?: string;
  type?: 'text' | 'email' | 'url' | 'number' | 'date' | 'time';
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal';
  min?: number;
  max?: number;
}

export function inputField(field: InputField, errors: FormErrors): SafeHtml {
  const { name, hint } = field;
  const id = field.id ?? fieldId(name);
  return html`<label for="${id}">${field.label}</label>
${hint ? html`<span class="hint" id="${fieldId(name)}-hint">${hint}</span>` : html``}${fieldError(name, errors)}
<input id="${id}" name="${name}" type="${field.type ?? 'text'}" value="${field.value ?? ''}"${field.required ? html` required` : html``}${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : html``}${field.inputmode ? html` inputmode="${field.inputmode}"` : html``}${field.min !== undefined ? html` min="${field.min}"` : html``}${field.max !== undefined ? html` max="${field.max}"` : html``}${describedBy(name, errors, hint)}${invalid(name, errors)}>`;
}

export function textArea(
  field: { name: string; id?: string; label: string; value?: string; hint?: string; maxLength: number; rows?: number },
  errors: FormErrors,
): SafeHtml {
  const { name, hint } = field;
  const id = field.id ?? fieldId(name);
  // Hint and error ids follow the control's id, so two notes on one page stay apart.
  const own = (suffix: string) => `${id}-${suffix}`;
  const described = [...(hint ? [own('hint')] : []), ...(errors.has(name) ? [own('error')] : [])];
  return html`<label for="${id}">${field.label}</label>
${hint ? html`<span class="hint" id="${own('hint')}">${hint}</span>` : html``}${errors.has(name) ? html`<p class="error" id="${own('error')}">${errors.get(name)}</p>` : html``}
<textarea id="${id}" name="${name}" rows="${field.rows ?? 4}" maxlength="${field.maxLength}"${described.length ? html` aria-describedby="${described.join(' ')}"` : html``}${invalid(name, errors)}>${field.value ?? ''}</textarea>`;
}

/** "" is "not given"; anything else must be a whole number. */
export function wholeNumber(value: string | undefined): number | string | undefined {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  return /^-?\d{1,9}$/.test(v) ? Number(v) : v;
}

/** Form fields that should hold whole numbers but do not: reported before the schema sees them. */
export function notWholeNumbers(values: Record<string, unknown>, paths: readonly string[]): FieldError[] {
  return paths
    .filter((p) => typeof values[p] === 'string')
    .map((path) => ({ path, message: 'Please enter a whole number, like 30.' }));
}

/**
 * Moves each error to the nearest field the form has: `reminderOffsetsMinutes.1` to
 * `reminderOffsetsMinutes`, `weekly` stays `weekly` (shown in the summary, or above the days).
 */
export function onFields(errors: readonly FieldError[], fields: ReadonlySet<string>): FieldError[] {
  return errors.map((e) => {
    const parts = e.path.split('.');
    for (let n = parts.length; n > 0; n--) {
      const candidate = parts.slice(0, n).join('.');
      if (fields.has(candidate)) return { path: candidate, message: e.message };
    }
    return e;
  });
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A date asked as day, month and year, in that order, with the month by name: the therapist's own
 * way of writing a date, where a browser's date control shows its own locale's (often mm/dd/yyyy).
 * Sent as `<name>.day`, `<name>.month`, `<name>.year`; datesIn joins them into the API's YYYY-MM-DD.
 */
export function dateField(
  field: { name: string; id?: string; label: string; hint?: string; values: Readonly<Record<string, string>> },
  errors: FormErrors,
): SafeHtml {
  const { name, hint, values } = field;
  const id = field.id ?? fieldId(name);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values[name] ?? '');
  const part = (p: 'day' | 'month' | 'year', fromIso: string) => values[`${name}.${p}`] ?? fromIso;
  const day = part('day', iso ? String(Number(iso[3])) : '');
  const month = part('month', iso ? String(Number(iso[2])) : '');
  const year = part('year', iso?.[1] ?? '');
  const error = errors.get(name);
  const described = [...(hint ? [`${id}-hint`] : []), ...(error ? [`${id}-error`] : [])];
  const bad = error ? html` aria-invalid="true"` : html``;
  return html`<fieldset id="${id}" class="date"${described.length ? html` aria-describedby="${described.join(' ')}"` : html``}><legend>${field.label}</legend>
${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : html``}${error ? html`<p class="error" id="${id}-error">${error}</p>` : html``}
<div class="date-parts">
<span><label for="${id}-day">Day</label><input id="${id}-day" name="${name}.day" inputmode="numeric" maxlength="2" value="${day}"${bad}></span>
<span><label for="${id}-month">Month</label><select id="${id}-month" name="${name}.month"${bad}><option value="">Choose</option>${monthNames.map((m, i) => html`<option value="${String(i + 1)}"${month === String(i + 1) ? html` selected` : html``}>${m}</option>`)}</select></span>
<span><label for="${id}-year">Year</label><input id="${id}-year" name="${name}.year" inputmode="numeric" maxlength="4" value="${year}"${bad}></span>
</div>
</fieldset>`;
}

/**
 * The form with each date field's three parts joined as YYYY-MM-DD (left all empty: ""), and a
 * plain error for a date that is half given or not on the calendar. A field sent whole (a script
 * or an older form sending YYYY-MM-DD) is left as it is.
 */
export function datesIn(
  form: Readonly<Record<string, string>>,
  names: readonly string[],
): { form: Record<string, string>; errors: FieldError[] } {
  const joined: Record<string, string> = { ...form };
  const errors: FieldError[] = [];
  for (const name of names) {
    const parts = (['day', 'month', 'year'] as const).map((p) => form[`${name}.${p}`]);
    if (parts.every((p) => p === undefined)) continue;
    const [d, m, y] = parts.map((p) => (p ?? '').trim());
    if (!d && !m && !y) {
      joined[name] = '';
      continue;
    }
    const day = Number(d);
    const month = Number(m);
    const year = Number(y);
    const real =
      /^\d{1,2}$/.test(d!) &&
      /^\d{1,2}$/.test(m!) &&
      /^\d{4}$/.test(y!) &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (!real) {
      errors.push({
        path: name,
        message:
          !d || !m || !y
            ? 'Please give the day, the month and the year.'
            : 'Please give a date that is on the calendar, like 29 March 2027.',
      });
      continue;
    }
    joined[name] = `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return { form: joined, errors };
}
