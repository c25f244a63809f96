/**
 * Reads what the SES emulator received (`GET {sesEndpoint}/store`). The emulator is shared by every
 * test file, so tests address mail to unique recipients and filter by them.
 */
export interface ReceivedEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  headers?: { name: string; value: string }[];
  at: number;
}

export async function allEmails(sesEndpoint: string): Promise<ReceivedEmail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  if (!response.ok) throw new Error(`SES emulator store answered ${response.status}`);
  const store = (await response.json()) as { emails: ReceivedEmail[] };
  return store.emails;
}

const addressed = (email: ReceivedEmail, address: string) =>
  email.destination.to.some((to) => to.toLowerCase().includes(address.toLowerCase()));

/** Emails to `address`, oldest first. */
export async function emailsTo(sesEndpoint: string, address: string): Promise<ReceivedEmail[]> {
  return (await allEmails(sesEndpoint)).filter((e) => addressed(e, address)).sort((a, b) => a.at - b.at);
}

/** Waits until `address` has at least `count` emails (the mailer runs asynchronously locally). */
export async function waitForEmails(
  sesEndpoint: string,
  address: string,
  count = 1,
  timeoutMs = 10_000,
): Promise<ReceivedEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await emailsTo(sesEndpoint, address);
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`Expected ${count} email(s) to ${address}, found ${found.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
