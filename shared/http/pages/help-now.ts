/**
 * The crisis lines on a page, worded as the emails word them (shared/email/blocks.ts): shown before
 * anything is sent, after it is sent, and wherever a link does not work.
 */
import type { CrisisSupport } from '#shared/config.js';
import { crisisHeading, crisisLineText, elsewhereText } from '#shared/email/blocks.js';
import { html, type SafeHtml } from '../html.js';

export const helpNowStyles =
  '.help-now{border-left:4px solid #1a5e3a;background:#f3f8f5;padding:.75rem 1rem;margin:1.25rem 0}.help-now h2{font-size:1.05rem;margin:0 0 .5rem}.help-now ul{margin:.25rem 0 .5rem;padding-left:1.25rem}.help-now p{margin:0}';

/**
 * The end of every client page (booking, request sent, manage, cancel, cancelled, moved): the way to
 * reach the therapist in person, since the emails' sender is not read, and the crisis lines.
 * `contactHref`: their contact page, relative to the page ("../contact/ID").
 */
export function clientPageHelp(o: { therapistName: string; contactHref: string; crisis: CrisisSupport }): SafeHtml {
  return html`<section class="reach" aria-labelledby="reach-heading">
<h2 id="reach-heading">Questions?</h2>
<p>You can write to ${o.therapistName} at any time through <a href="${o.contactHref}">their contact page</a>.</p>
</section>
${helpNow(o.crisis)}`;
}

export function helpNow(support: CrisisSupport): SafeHtml {
  return html`<section class="help-now" aria-labelledby="help-now-heading">
<h2 id="help-now-heading">${crisisHeading}</h2>
<ul>${support.lines.map((line) => html`<li>${crisisLineText(line)}</li>`)}</ul>
<p>${elsewhereText(support)}</p>
</section>`;
}
