/**
 * GET /privacy: the notice the contact pages ask consent to, where a deployment has none of its own.
 * Built from what Threshold does (docs/voice-and-privacy.md, "What is kept") and the deployment's own settings, with
 * the deployment's paragraphs after it.
 */
import type { Settings } from '#shared/config.js';
import { html, page } from '../html.js';

export function privacyPage(
  settings: Pick<Settings, 'privacyNoticeVersion' | 'retentionDays' | 'privacyNoticeText'>,
): string {
  return page(
    'Privacy notice',
    html`<h1>Privacy notice</h1>
<p class="muted">Version ${settings.privacyNoticeVersion}</p>
<p>This notice says what happens to the details you send when you write to a counsellor or therapist through these pages, in plain words.</p>
<h2>What is kept</h2>
<ul>
<li>Your name, your email address, and your phone number if you give it.</li>
<li>Your message and the times that suit you, if you write them.</li>
<li>When you agreed to this notice, and which version you saw.</li>
<li>The times of any appointments you book.</li>
</ul>
<h2>Who can see it</h2>
<p>Only the person you write to can read your message. It is stored encrypted. It is never put in an email and never written to our logs.</p>
<h2>What it is used for</h2>
<p>To let the person you write to reply to you, and to arrange your appointments and remind you of them. Nothing else. It is never sold, shared for marketing, or used to decide anything about you.</p>
<h2>How long it is kept</h2>
<p>If you do not go on to work together, your details are deleted ${settings.retentionDays} days after your message is closed. If you do, they are kept while you work together and deleted when they are no longer needed.</p>
<h2>Your choices</h2>
<p>At any time, you can ask the counsellor or therapist you wrote to what is kept about you. They will show it to you, correct it or delete it, and they can remove all of it at once.</p>
${(settings.privacyNoticeText ?? []).map((paragraph) => html`<p>${paragraph}</p>`)}`,
    { styles: 'h2{font-size:1.15rem;margin:1.5rem 0 .5rem}' },
  );
}

/** Where a deployment has its own notice, /privacy leads there. */
export const privacyRedirectPage = (url: string): string =>
  page('Privacy notice', html`<h1>Privacy notice</h1><p>The privacy notice is at <a href="${url}">${url}</a>.</p>`);
