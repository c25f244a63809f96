/**
 * The raw MIME message: multipart/alternative (text, then HTML) plus any attachments (calendar
 * invites), built with nodemailer's composer so encoding, folding and boundaries are done by a
 * library that has met every mail client's quirks.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { headerValue } from './header.js';

export interface Attachment {
  filename: string;
  /** e.g. 'text/calendar; method=REQUEST' */
  contentType: string;
  content: string | Buffer;
}

export interface Mailbox {
  name: string;
  address: string;
}

export interface MimeInput {
  /** The outbox id: the Message-ID is derived from it, so a resend carries the same one. */
  id: string;
  from: Mailbox;
  to: Mailbox;
  replyTo?: Mailbox;
  subject: string;
  text: string;
  html: string;
  attachments?: Attachment[];
  date?: Date;
}

const mailbox = (m: Mailbox) => ({ name: headerValue(m.name), address: m.address });

/** `<id@sender-domain>`: stable per outbox item, unique because outbox ids are. */
export const messageIdFor = (id: string, senderAddress: string): string => `<${id}@${senderAddress.split('@').pop()}>`;

export async function composeMime(input: MimeInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: mailbox(input.from),
    to: mailbox(input.to),
    ...(input.replyTo ? { replyTo: mailbox(input.replyTo) } : {}),
    subject: headerValue(input.subject),
    text: input.text,
    html: input.html,
    attachments: (input.attachments ?? []).map((a) => ({
      filename: headerValue(a.filename),
      contentType: a.contentType,
      content: a.content,
    })),
    // SES replaces Message-ID with its own on the way out; ours still shows in bounce and
    // complaint notifications (with original headers), and X-Threshold-Outbox-Id names the item.
    messageId: messageIdFor(input.id, input.from.address),
    ...(input.date ? { date: input.date } : {}),
    headers: {
      // RFC 3834: this mail is automatic, so auto-responders (vacation notices) should not answer it.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Threshold-Outbox-Id': input.id,
    },
    textEncoding: 'quoted-printable',
    xMailer: false,
    // Attachment content is always inline data: never let a value be read as a path or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const message = composer.compile();
  // RFC 5322 allows CR and LF only as a pair. The composer writes its own headers and boundaries with
  // CRLF but passes the bodies' line ends through, and ours are rendered with LF: without this, text
  // and HTML parts go out with bare LFs, which some relays reject and others rewrite (breaking DKIM).
  message.newline = 'windows';
  return message.build();
}
