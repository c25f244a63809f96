/** The suppressions function logs detail-types, counts and ids — never an address (docs/voice-and-privacy.md). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogs, type LogCapture } from '#test/support/capture-logs.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { bounceEvent, complaintEvent, suppressions } from './given.js';

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

const person = () => `Private.Person-${crypto.randomUUID().slice(0, 8)}@Confidential-Domain.test`;
const secretsOf = (address: string) => [
  address,
  address.toLowerCase(),
  address.split('@')[0]!,
  address.split('@')[0]!.toLowerCase(),
  'Confidential-Domain',
  'confidential-domain',
  'Alex Morgan',
];

describe('suppressions: what the logs say', () => {
  it('logs the detail-type, outcome, counts and outbox id of a bounce and a complaint — and no address', async () => {
    const [a, b] = [person(), person()];
    await suppressions()(bounceEvent({ to: [a], outboxId: 'outbox-id-bounce' }));
    await suppressions()(complaintEvent({ to: [b], outboxId: 'outbox-id-complaint' }));

    const logs = captured.join('\n');
    expect(logs).toContain('"detailType":"Email Bounced"');
    expect(logs).toContain('"detailType":"Email Complaint Received"');
    expect(logs).toContain('"outcome":"suppressed"');
    expect(logs).toContain('"recipients":1');
    expect(logs).toContain('outbox-id-bounce');
    expect(logs).toContain('outbox-id-complaint');
    for (const secret of [...secretsOf(a), ...secretsOf(b)]) expect(logs).not.toContain(secret);
  });

  it('logs a transient bounce by counts, and an unrelated event by detail-type only', async () => {
    const to = person();
    await suppressions()(bounceEvent({ to: [to], bounceType: 'Transient', outboxId: 'outbox-id-transient' }));
    await suppressions()({ ...bounceEvent({ to: [to] }), 'detail-type': 'Email Delivered' });

    const logs = captured.join('\n');
    expect(logs).toContain('"outcome":"not-suppressing"');
    expect(logs).toContain('Transient bounce');
    expect(logs).toContain('outbox-id-transient');
    expect(logs).toContain('"detailType":"Email Delivered"');
    for (const secret of secretsOf(to)) expect(logs).not.toContain(secret);
  });

  it('says nothing personal when it refuses an event, in the logs or in the error Lambda would log', async () => {
    const to = person();
    const malformed = bounceEvent({ to: [to] });
    (malformed.detail as { bounce: { bouncedRecipients: unknown } }).bounce.bouncedRecipients = [
      { emailAddress: 42, diagnosticCode: `smtp; 550 <${to}>` },
    ];

    const error = await suppressions()(malformed).catch((e: unknown) => e as Error);

    expect(error).toBeInstanceOf(Error);
    for (const secret of secretsOf(to)) expect(`${error}\n${captured.join('\n')}`).not.toContain(secret);
  });

  it('really captures what the logger writes (so the checks above cannot pass vacuously)', () => {
    env.runtime().logger.info('probe', { outboxId: 'probe-id' });
    expect(captured.join('\n')).toContain('probe-id');
  });
});
