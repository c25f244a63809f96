/**
 * The fields of the public forms, each with its label, hint and — after a refused send — the person's
 * own words kept and what to change said next to it (linked from a summary at the top that takes the
 * focus). Every value is escaped by `html`.
 */
import { html, type SafeHtml } from '../html.js';

/** What the person typed (as the form sent it) and what to change, by field name. */
export interface FormState {
  values: Readonly<Record<string, string | undefined>>;
  errors: Readonly<Record<string, string>>;
}

export const emptyForm: FormState = { values: {}, errors: {} };

export const formStyles = `
.hint{color:#57606a;margin:.1rem 0 .35rem;font-weight:400}
.field{margin:1.1rem 0}.field label{margin:0 0 .15rem}
.field-error{color:#a40e26;font-weight:600;margin:.2rem 0 .35rem}
.field.has-error{border-left:4px solid #a40e26;padding-left:.75rem}
input[aria-invalid=true],textarea[aria-invalid=true]{border:2px solid #a40e26}
.choices label,.check label{display:flex;gap:.6rem;align-items:flex-start;font-weight:400;margin:.4rem 0}
.choices input,.check input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none;accent-color:#1a5e3a}
legend{font-weight:600;padding:0}
.error-summary{border:3px solid #a40e26;border-radius:.375rem;padding:.75rem 1rem;margin:0 0 1.25rem}
.error-summary h2{font-size:1.1rem;margin:0 0 .4rem}.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#a40e26;font-weight:600}
.notice{border:2px solid #8c2f00;background:#fff4ec;border-radius:.375rem;padding:.75rem 1rem;margin:0 0 1.25rem}
.notice h2{font-size:1.1rem;margin:0 0 .4rem}
.hp{display:none}
a{color:#0a50a8}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

interface FieldOptions {
  name: string;
  label: string;
  hint?: string;
  /** Extra attributes for the control (type, autocomplete, maxlength...), already safe. */
  attributes?: SafeHtml;
}

const describedBy = (state: FormState, name: string, hint: boolean): SafeHtml => {
  const ids = [hint ? `${name}-hint` : '', state.errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : html``;
};

function frame(state: FormState, o: FieldOptions, control: SafeHtml): SafeHtml {
  const error = state.errors[o.name];
  return html`<div class="field${error ? ' has-error' : ''}">
<label for="${o.name}">${o.label}</label>
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : html``}
${error ? html`<p class="field-error" id="${o.name}-error"><span class="visually-hidden">Error: </span>${error}</p>` : html``}
${control}
</div>`;
}

const invalid = (state: FormState, name: string): SafeHtml =>
  state.errors[name] ? html` aria-invalid="true"` : html``;

export function textField(state: FormState, o: FieldOptions): SafeHtml {
  return frame(
    state,
    o,
    html`<input id="${o.name}" name="${o.name}" value="${state.values[o.name] ?? ''}"${o.attributes ?? html``}${describedBy(state, o.name, Boolean(o.hint))}${invalid(state, o.name)}>`,
  );
}

export function textArea(state: FormState, o: FieldOptions & { rows: number }): SafeHtml {
  return frame(
    state,
    o,
    html`<textarea id="${o.name}" name="${o.name}" rows="${o.rows}"${o.attributes ?? html``}${describedBy(state, o.name, Boolean(o.hint))}${invalid(state, o.name)}>${state.values[o.name] ?? ''}</textarea>`,
  );
}

/** Radios in a fieldset whose legend is the question; the first error link goes to the first choice. */
export function radioGroup(
  state: FormState,
  o: {
    name: string;
    legend: string;
    hint?: string;
    choices: readonly { value: string; label: string }[];
    chosen: string;
  },
): SafeHtml {
  const error = state.errors[o.name];
  const chosen = state.values[o.name] ?? o.chosen;
  const radios = o.choices.map(
    (c, i) =>
      html`<label for="${i === 0 ? o.name : `${o.name}-${c.value}`}"><input type="radio" id="${i === 0 ? o.name : `${o.name}-${c.value}`}" name="${o.name}" value="${c.value}"${c.value === chosen ? html` checked` : html``}>${c.label}</label>`,
  );
  return html`<div class="field${error ? ' has-error' : ''}"><fieldset${describedBy(state, o.name, Boolean(o.hint))}>
<legend>${o.legend}</legend>
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : html``}
${error ? html`<p class="field-error" id="${o.name}-error"><span class="visually-hidden">Error: </span>${error}</p>` : html``}
<div class="choices">${radios}</div>
</fieldset></div>`;
}

/** What a ticked box of these pages sends; an unticked one sends nothing. Any other value is not a tick. */
export const checkboxValue = 'true';

/** One checkbox; it sends `checkboxValue` when ticked and nothing otherwise. */
export function checkbox(state: FormState, o: { name: string; label: string; hint?: SafeHtml }): SafeHtml {
  const error = state.errors[o.name];
  const ticked = state.values[o.name] === checkboxValue;
  return html`<div class="field${error ? ' has-error' : ''}">
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : html``}
${error ? html`<p class="field-error" id="${o.name}-error"><span class="visually-hidden">Error: </span>${error}</p>` : html``}
<div class="check"><label for="${o.name}"><input type="checkbox" id="${o.name}" name="${o.name}" value="${checkboxValue}"${ticked ? html` checked` : html``}${describedBy(state, o.name, Boolean(o.hint))}${invalid(state, o.name)}>${o.label}</label></div>
</div>`;
}

/** Hidden from people (and from screen readers and the keyboard): anything in it came from a bot. */
export const honeypot = (name: string): SafeHtml =>
  html`<div class="hp"><label for="${name}">Leave this empty</label><input id="${name}" name="${name}" tabindex="-1" autocomplete="off"></div>`;

/** At the top of a refused form: what to change, each a link to its field; announced and focused. */
export function errorSummary(state: FormState, order: readonly string[]): SafeHtml {
  // Fields the page does not show (a hidden one an embedding site filled in) are listed last.
  const fields = [
    ...order.filter((name) => state.errors[name]),
    ...Object.keys(state.errors).filter((name) => !order.includes(name)),
  ];
  if (fields.length === 0) return html``;
  return html`<div class="error-summary" role="alert" id="error-summary" tabindex="-1" autofocus>
<h2>${fields.length === 1 ? 'Please check this before sending' : 'Please check these before sending'}</h2>
<ul>${fields.map((name) => html`<li><a href="#${name}">${state.errors[name]!}</a></li>`)}</ul>
</div>`;
}
