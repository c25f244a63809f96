/** Logs carry ids and outcomes, never names, addresses, message content or tokens (docs/voice-and-privacy.md). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, type LogCapture } from '#test/support/capture-logs.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { waitForEmails } from '#test/support/mailbox.js';
import { streamEvent } from '#test/support/stream-event.js';
import { enquiryReceived, givenOutboxMessage, mailer, realSender, rejectingSender, throttlingSender } from './given.js';

const env = useTestEnvironment();

let logs: LogCapture;
let captured: string[] = [];

beforeEach(() => {
  env.runtime().logger.setLogLevel('DEBUG');
  logs = captureLogs();
  captured = logs.lines;
});

afterEach(() => {
  logs.stop();
  env.runtime().logger.setLogLevel('WARN');
});

const token = 'tok_Zx8Qm2VhT5rL9wYc3Nd7Kp1Bf6Gj4Hs0AeUi-SENTINEL';

function therapistNotification() {
  const to = `${crypto.randomUUID()}@therapist.test`;
  return enquiryReceived(to, {
    template: 'enquiry-new',
    to: { email: to, name: 'Samantha Private-Rivera' },
    fromName: 'Samantha Private-Rivera',
    data: {
      therapistName: 'Samantha Private-Rivera',
      clientName: 'Alexandra Confidential-Morgan',
      receivedAt: '2025-03-04T10:00:00Z',
      timeZone: 'Europe/London',
      preferredContact: 'phone',
      hasMessage: true,
      hasTimePreferences: true,
      acceptUrl: `https://api.threshold.test/actions/${token}`,
      declineUrl: `https://api.threshold.test/actions/${token}-decline`,
      enquiryUrl: 'https://api.threshold.test/console/enquiries/01j',
    },
  });
}

const secretsOf = (message: ReturnType<typeof therapistNotification>) => [
  message.to.email,
  message.to.email.split('@')[0]!,
  'Samantha',
  'Private-Rivera',
  'Alexandra',
  'Confidential-Morgan',
  token,
];

describe('mailer: what the logs say', () => {
  it('logs the outbox id, template and outcome of a send — and nothing personal', async () => {
    const message = therapistNotification();
    await mailer(env)(streamEvent(await givenOutboxMessage(env, message)));
    vi.restoreAllMocks();
    await waitForEmails(env.sesEndpoint, message.to.email);

    const logs = captured.join('\n');
    expect(logs).toContain(message.id);
    expect(logs).toContain('enquiry-new');
    expect(logs).toContain('"outcome":"sent"');
    for (const secret of secretsOf(message)) expect(logs).not.toContain(secret);
  });

  it('logs a rejection by error name, not by SES’s message (which names the address)', async () => {
    const message = therapistNotification();
    await mailer(env, { sender: rejectingSender() })(streamEvent(await givenOutboxMessage(env, message)));

    const logs = captured.join('\n');
    expect(logs).toContain('"outcome":"failed"');
    expect(logs).toContain('MessageRejected');
    for (const secret of secretsOf(message)) expect(logs).not.toContain(secret);
  });

  it('logs a throttled hand-back without personal data', async () => {
    const message = therapistNotification();
    await mailer(env, { sender: throttlingSender(realSender(env), Number.POSITIVE_INFINITY) })(
      streamEvent(await givenOutboxMessage(env, message)),
    );

    const logs = captured.join('\n');
    expect(logs).toContain('"outcome":"retry"');
    expect(logs).toContain('TooManyRequestsException');
    for (const secret of secretsOf(message)) expect(logs).not.toContain(secret);
  });

  it('really captures what the logger writes (so the checks above cannot pass vacuously)', () => {
    env.runtime().logger.info('probe', { outboxId: 'probe-id' });
    expect(captured.join('\n')).toContain('probe-id');
  });
});
