/**
 * Logs carry ids and outcomes, never names, emails, phone numbers, messages or tokens. Captures
 * everything written to stdout, stderr and the console during a whole journey, at DEBUG level.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetRuntime } from '#shared/runtime.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, DAY, handlerMode } from '#test/support/driver.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import {
  clientSendsEnquiry,
  pathOf,
  someoneOpensLink,
  therapistConfirmsLink,
  therapistDeclines,
  therapistListsEnquiries,
  therapistReadsEnquiry,
  theSweepRuns,
} from '#test/support/steps/when.js';
import { actionLinksIn, emailsArriveFor, theOutboxIsDelivered } from '#test/support/steps/then.js';

useTestEnvironment();

const captured: string[] = [];
const restore: (() => void)[] = [];
let level: string | undefined;

beforeAll(() => {
  level = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  resetRuntime(); // a new logger at DEBUG
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    // Swallowed, not passed on: the test's own output stays quiet.
    stream.write = ((chunk: unknown) => {
      captured.push(String(chunk));
      return true;
    }) as typeof stream.write;
    restore.push(() => (stream.write = original as typeof stream.write));
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const spy = vi
      .spyOn(console, method)
      .mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' ')));
    restore.push(() => spy.mockRestore());
  }
});

afterAll(() => {
  for (const undo of restore) undo();
  process.env.POWERTOOLS_LOG_LEVEL = level;
  resetRuntime();
});

describe.runIf(handlerMode)('logs', () => {
  it('never contain the client’s name, email, phone, message or a raw token', async () => {
    clock.set('2025-03-04T10:00:00Z');
    const therapist = await aTherapist();
    const client = aClient({ name: 'Zephyrine Quillfeather' });
    const enquiry = anEnquiryFrom(client);
    const note = 'A personal note only the client should read 7f3a';

    const { enquiryId } = (await clientSendsEnquiry(therapist.therapistId, enquiry, client)).json<{
      enquiryId: string;
    }>();
    await clientSendsEnquiry(therapist.therapistId, enquiry, client); // duplicate
    await clientSendsEnquiry(therapist.therapistId, { ...enquiry, email: 'broken' }, client); // 400
    await theOutboxIsDelivered();
    const { accept, decline } = actionLinksIn((await emailsArriveFor(therapist.email))[0]!);
    await someoneOpensLink(decline);
    await therapistListsEnquiries(therapist.therapistId);
    await therapistReadsEnquiry(therapist.therapistId, enquiryId);
    clock.advance(3 * DAY);
    await theSweepRuns();
    await theOutboxIsDelivered();
    await therapistConfirmsLink(decline, note);
    await therapistConfirmsLink(decline, note); // 410
    await therapistConfirmsLink(accept); // 409
    await therapistDeclines(therapist.therapistId, enquiryId); // 409
    await theOutboxIsDelivered();
    await emailsArriveFor(client.email, 2);

    const logs = captured.join('\n');
    expect(logs).toContain('"status":201'); // the capture works: request lines are there
    const tokens = [accept, decline].map((url) => pathOf(url).split('/').pop()!);
    const secrets = [
      client.name,
      'Zephyrine',
      client.email,
      client.email.split('@')[0]!,
      client.phone,
      client.phone.replace(/\s/g, ''),
      String(enquiry.message),
      String(enquiry.timePreferences),
      note,
      ...tokens,
    ];
    for (const secret of secrets) expect(logs, `logs contain ${secret}`).not.toContain(secret);
    expect(logs.toLowerCase()).not.toContain(client.email.toLowerCase());
  });
});
