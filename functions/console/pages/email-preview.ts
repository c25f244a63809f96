/**
 * "What the client will receive": the email an answer sends, rendered by the mailer's own template
 * (shared/email) so the preview cannot drift from the message. Where the real email carries a
 * private link or the therapist's note, the preview says so in brackets instead. Each page passes
 * the template itself, so the console bundles the few it previews, not the mailer's catalogue.
 */
import { deploymentCrisisSupport, type CrisisSupport, type Settings } from '#shared/config.js';
import type { TemplateName } from '#shared/email/messages.js';
import { renderTemplate } from '#shared/email/render-template.js';
import type { DataOf, EmailTemplate } from '#shared/email/template.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import { contactPageUrl } from '#shared/use-cases/enquiries/contact-links.js';
import { bookingUrlFor } from '#shared/use-cases/invitations/make-invitation.js';
import { waitingLinkUrl } from '#shared/use-cases/waiting-list/links.js';

const sentinel = 'preview-link-0000000000000000000000000000000';
export const noteMarker = 'PREVIEW-NOTE';

/** A booking link as it appears in the preview. */
export const previewBookingUrl = (settings: Settings): string => bookingUrlFor(settings, sentinel);
/** A waiting person's leave link as it appears in the preview. */
export const previewLeaveUrl = (settings: Settings): string => waitingLinkUrl(settings, sentinel);

export function emailPreview<N extends TemplateName>(
  message: { template: EmailTemplate<N>; data: DataOf<N>; therapistId: string },
  settings: Settings,
  clientName: string,
  summary: string,
  crisis: CrisisSupport = deploymentCrisisSupport(settings),
): SafeHtml {
  const rendered = renderTemplate(message.template, message, crisis, contactPageUrl(settings, message.therapistId));
  const text = rendered.text
    .replaceAll(previewBookingUrl(settings), '[their private link to choose a time]')
    .replaceAll(previewLeaveUrl(settings), '[their private link to leave the list]')
    .replaceAll(noteMarker, '[your note, if you write one]');
  return html`<details class="preview-box"><summary>${summary}</summary>
<p class="muted small">Subject: ${rendered.subject}. From ${settings.senderEmail}, with your name, to ${clientName}.</p>
<div class="preview">${text}</div></details>`;
}
