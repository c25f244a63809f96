/**
 * The therapist's public details: the contact page addresses to give out or embed, the crisis lines
 * their clients are shown (the deployment's, or their own where those do not fit), and the websites
 * that may embed the contact page. The use case and schema of GET/PUT /me/profile.
 */
import { html, type SafeHtml } from '#shared/http/html.js';
import type { FieldError } from '#shared/http/problem.js';
import { putProfileBody } from '#shared/use-cases/profile/profile-schemas.js';
import { readPublicProfile, savePublicProfile, type PublicProfile } from '#shared/use-cases/profile/public-profile.js';
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

type Values = Readonly<Record<string, string>>;

/** Rows the form offers: as many as the schema allows. */
const maxLines = 5;
const maxOrigins = 5;

function valuesOf(p: PublicProfile): Values {
  const own = p.crisisSupportSource === 'own';
  const v: Record<string, string> = {
    crisisSource: p.crisisSupportSource,
    'crisisSupport.region': own ? p.crisisSupport.region : '',
  };
  (own ? p.crisisSupport.lines : []).forEach((line, i) => {
    v[`crisisSupport.lines.${i}.name`] = line.name;
    v[`crisisSupport.lines.${i}.detail`] = line.detail;
  });
  p.embedOrigins.forEach((origin, i) => {
    v[`embedOrigins.${i}`] = origin;
  });
  v.fees = p.fees ?? '';
  return v;
}

/** The form as the API's body: rows left empty are not lines; the deployment's lines are null. */
function bodyOf(v: Values): unknown {
  const origins = Array.from({ length: maxOrigins }, (_, i) => (v[`embedOrigins.${i}`] ?? '').trim()).filter(Boolean);
  // Only a form that shows the fees field writes it: emptied, it removes the line.
  const fees = v.fees === undefined ? {} : { fees: v.fees.trim() || null };
  if (v.crisisSource !== 'own') return { crisisSupport: null, embedOrigins: origins, ...fees };
  const lines = Array.from({ length: maxLines }, (_, i) => ({
    name: v[`crisisSupport.lines.${i}.name`] ?? '',
    detail: v[`crisisSupport.lines.${i}.detail`] ?? '',
  }));
  // Keep the row numbers the therapist typed in: an empty row between two filled ones is dropped only at the end.
  let last = lines.length;
  while (last > 0 && !lines[last - 1]!.name.trim() && !lines[last - 1]!.detail.trim()) last--;
  return {
    crisisSupport: { region: v['crisisSupport.region'] ?? '', lines: lines.slice(0, Math.max(last, 1)) },
    embedOrigins: origins,
    ...fees,
  };
}

/** Where each schema error is shown: the field of the row it names, or the group it belongs to. */
function onForm(errors: readonly FieldError[], originRows: readonly number[]): FieldError[] {
  return errors.map((e) => {
    if (e.path.startsWith('embedOrigins.')) {
      const i = Number(e.path.split('.')[1]);
      return { ...e, path: `embedOrigins.${originRows[i] ?? 0}` };
    }
    if (e.path === 'embedOrigins') return { ...e, path: 'embedOrigins.0' };
    if (/^crisisSupport\.lines\.\d+\.(name|detail)$/.test(e.path) || e.path === 'crisisSupport.region') return e;
    if (e.path.startsWith('crisisSupport')) return { ...e, path: 'crisisSupport.lines.0.name' };
    return e;
  });
}

function copyable(id: string, label: string, value: string, hint?: string): SafeHtml {
  return html`<label for="${id}">${label}</label>
${hint ? html`<span class="hint">${hint}</span>` : html``}
<input id="${id}" type="text" readonly value="${value}">
<button type="button" data-copy="${id}" hidden>Copy</button>
<p class="small" role="status" data-copied="${id}"></p>`;
}

async function profilePage(req: ConsoleRequest<unknown>, failed?: { values: Values; errors: FormErrors }) {
  const { therapist, runtime, csrf, query } = req;
  const profile = await readPublicProfile(runtime, therapist.therapistId);
  const v = failed?.values ?? valuesOf(profile);
  const e = failed?.errors ?? noErrors;
  const own = v.crisisSource === 'own';
  const embed = `<iframe src="${profile.contactPageUrl}" title="Write to ${profile.displayName}" width="100%" height="900"></iframe>`;
  const deployment = profile.crisisSupportSource === 'deployment' ? profile.crisisSupport : undefined;
  const body = html`<h1>Your public details</h1>
${query.done === 'saved' ? doneMessage('Saved. Your contact and return pages show this from now on.') : html``}
${failed ? errorSummary(e) : html``}
<section aria-labelledby="addresses">
<h2 id="addresses">Your pages</h2>
${copyable('contact-url', 'Your contact page', profile.contactPageUrl, 'Give this address to people who may want to write to you, or link to it from your website.')}
${copyable('return-url', 'Your page for former clients', profile.returnPageUrl, 'For someone you have seen before who would like to come back.')}
${copyable('embed-code', 'To show the contact page inside your website', embed, 'Paste this into your website. The website must be listed below.')}
</section>
${actionForm(
  csrf,
  '/console/profile',
  html`<h2>Crisis lines</h2>
<p>Every page and email your clients see ends with crisis lines, for anyone who needs help before you can reply.</p>
<fieldset id="${fieldId('crisisSource')}"><legend>Which crisis lines your clients see</legend>
<label class="choice"><input type="radio" name="crisisSource" value="deployment"${own ? html`` : html` checked`}>The standard ones${deployment ? html` (${deployment.region}: ${deployment.lines.map((l) => l.name).join(', ')})` : html``}</label>
<label class="choice"><input type="radio" name="crisisSource" value="own"${own ? html` checked` : html``}>My own, for where I practise</label>
</fieldset>
<h3>Your own crisis lines</h3>
<p class="hint">Used only when you choose your own above. Leave the rows you do not need empty.</p>
${inputField({ name: 'crisisSupport.region', label: 'Where the lines are for', hint: 'Like “Ireland” or “Scotland”.', value: v['crisisSupport.region'] ?? '' }, e)}
${Array.from(
  { length: maxLines },
  (_, i) => html`<fieldset class="day"><legend>Line ${i + 1}</legend>
${inputField({ name: `crisisSupport.lines.${i}.name`, label: 'Name', hint: i === 0 ? 'Like “Samaritans”.' : undefined, value: v[`crisisSupport.lines.${i}.name`] ?? '' }, e)}
${inputField({ name: `crisisSupport.lines.${i}.detail`, label: 'How to reach it', hint: i === 0 ? 'Like “call 116 123, free, day or night”.' : undefined, value: v[`crisisSupport.lines.${i}.detail`] ?? '' }, e)}
</fieldset>`,
)}
<h2>Websites that may show your contact page</h2>
<p class="hint">The address of each website, like https://www.example.org. Leave empty if your contact page is only linked to, not shown inside a website.</p>
${Array.from({ length: maxOrigins }, (_, i) => inputField({ name: `embedOrigins.${i}`, label: `Website ${i + 1}`, type: 'url', value: v[`embedOrigins.${i}`] ?? '' }, e))}
<h2>Fees</h2>
${inputField({ name: 'fees', label: 'Fees (optional)', hint: 'One line, shown on the booking page before a time is chosen. Like “£60 a session; ask about lower fees”. Leave empty to show none.', value: v.fees ?? '' }, e)}
<button type="submit" class="primary">Save your public details</button>`,
)}`;
  return showPage({ ...(failed ? { status: 400 } : {}), title: 'Your public details', section: 'profile', body });
}

export const profilePages = {
  consoleProfile: consolePage({ run: (req) => profilePage(req) }),

  consoleSaveProfile: consolePage({
    async run(req) {
      const raw = bodyOf(req.form) as { embedOrigins: string[] };
      const originRows = Array.from({ length: maxOrigins }, (_, i) => i).filter((i) =>
        (req.form[`embedOrigins.${i}`] ?? '').trim(),
      );
      const fail = (found: FieldError[]) =>
        profilePage(req, { values: req.form, errors: errorMap(onForm(found, originRows)) });
      const parsed = putProfileBody.safeParse(raw);
      if (!parsed.success) return fail(errorsFrom(parsed.error) ?? []);
      try {
        await savePublicProfile(req.runtime, req.therapist.therapistId, {
          crisisSupport: parsed.data.crisisSupport ?? undefined,
          embedOrigins: [...new Set(parsed.data.embedOrigins)],
          fees: parsed.data.fees,
        });
      } catch (error) {
        const found = errorsFrom(error);
        if (!found) throw error;
        return fail(found);
      }
      return redirectTo('/console/profile?done=saved');
    },
  }),
};
