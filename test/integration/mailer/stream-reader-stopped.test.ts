/**
 * A stopped or failing stream reader (its mapping disabled, its reads refused) invokes nothing, so the
 * mailer's IteratorAge has no data and its alarm stays quiet. The re-drive still runs on its schedule
 * and is the first to reach those emails: on its first claim of an item the stream never claimed, it
 * counts the run into the failures metric the alarm reads (shared/failures-metric.ts), in embedded
 * metric format on stdout, as Lambda's log pipeline expects it. An email the stream did try (an SES
 * outage) is the stream working, and counts nothing here.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMailerHandler, createRedriveHandler } from '#functions/mailer/handler.js';
import { scheduledEvent } from '#infra/local/sweep-timer.js';
import { lambdaContext } from '#infra/local/stack.js';
import { failuresMetric, metricsNamespace } from '#shared/failures-metric.js';
import { resetRuntime } from '#shared/runtime.js';
import { redriveGraceMs } from '#shared/store/redrive-schedule.js';
import { captureLogs } from '#test/support/capture-logs.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { emailsTo } from '#test/support/mailbox.js';
import { startSesGate, type SesGate } from '#test/support/ses-gate.js';
import { streamEvent } from '#test/support/stream-event.js';
import { clientAddress, enquiryReceived, fastRetry, givenOutboxMessage, readOutbox } from './given.js';

const env = useTestEnvironment();
const MINUTE = 60_000;
let gate: SesGate;

beforeAll(async () => {
  gate = await startSesGate(env.sesEndpoint);
  process.env.SES_ENDPOINT = gate.url;
  resetRuntime();
});
afterAll(() => gate.stop());
afterEach(() => {
  gate.set('pass');
  vi.unstubAllEnvs();
});

const context = (): Context => ({ ...lambdaContext('test'), getRemainingTimeInMillis: () => 60_000 });
const streamMailer = createMailerHandler({ retry: fastRetry });
const redriveHandler = createRedriveHandler({ retry: fastRetry });

interface Emf {
  _aws?: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

/** The mailer's scheduled run as of `at`, in AWS's metrics configuration; its stdout parsed line by line. */
async function redriveInAws(at: Date) {
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', metricsNamespace('dev'));
  const logs = captureLogs();
  const summary = await redriveHandler(scheduledEvent(at, undefined, 'redrive') as ScheduledEvent, context()).finally(
    () => logs.stop(),
  );
  const records = logs.lines
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Emf);
  return { summary, emf: records.filter((r) => '_aws' in r), records, text: logs.text() };
}

describe('emails the stream never tried, found past the grace by the re-drive', () => {
  it('are sent, and the run counts into the failures metric the alarm reads, once, without personal data', async () => {
    // Written the way use cases write them, with nothing reading the stream.
    const recipients = [clientAddress(), clientAddress(), clientAddress()];
    for (const to of recipients) await givenOutboxMessage(env, enquiryReceived(to));
    const writtenAt = Date.now();

    // Within the grace the re-drive leaves them to the stream, and nothing is counted.
    const early = await redriveInAws(new Date(writtenAt + redriveGraceMs - MINUTE));
    expect(early.summary).toMatchObject({ sent: 0, neverStreamed: 0 });
    expect(early.emf).toEqual([]);

    const late = await redriveInAws(new Date(writtenAt + redriveGraceMs + MINUTE));
    expect(late.summary).toMatchObject({ sent: 3, neverStreamed: 3 });
    for (const to of recipients) expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);

    // One EMF line: the Failures metric, in the stage's namespace, weighted to alarm at once.
    expect(late.emf).toHaveLength(1);
    const [line] = late.emf;
    expect(line).toMatchObject({
      [failuresMetric.name]: failuresMetric.streamReaderSilent,
      ...failuresMetric.dimensions,
    });
    expect(line!._aws!.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Threshold/dev',
        Dimensions: [['service']],
        Metrics: [{ Name: failuresMetric.name, Unit: 'Count' }],
      },
    ]);
    expect(failuresMetric.streamReaderSilent).toBeGreaterThanOrEqual(failuresMetric.atOnce);
    // The log says what was found, by count, and names no one.
    expect(late.records.find((r) => r.message === 'redrive found emails the stream never tried')).toMatchObject({
      level: 'ERROR',
      neverStreamed: 3,
    });
    for (const to of recipients) expect(late.text).not.toContain(to);

    // Sent: a later run finds nothing, and counts nothing again.
    const later = await redriveInAws(new Date(writtenAt + redriveGraceMs + 30 * MINUTE));
    expect(later.summary).toMatchObject({ sent: 0, neverStreamed: 0 });
    expect(later.emf).toEqual([]);
  });

  it('are counted on their first re-drive only, not on every retry while SES refuses them', async () => {
    const to = clientAddress();
    const id = (await givenOutboxMessage(env, enquiryReceived(to))).dynamodb!.NewImage!.message!.M!.id!.S!;
    const writtenAt = Date.now();
    gate.set('unavailable', to);

    const first = await redriveInAws(new Date(writtenAt + redriveGraceMs + MINUTE));
    expect(first.summary).toMatchObject({ retried: 1, neverStreamed: 1 });
    expect(first.emf).toHaveLength(1);

    const second = await redriveInAws(new Date(writtenAt + redriveGraceMs + 25 * MINUTE));
    expect(second.summary).toMatchObject({ retried: 1, neverStreamed: 0 });
    expect(second.emf).toEqual([]);
    expect((await readOutbox(env, id)).redrives).toBe(2);
    gate.set('pass', to);
  });
});

describe('an email the stream tried while SES was down', () => {
  it('is re-driven past the grace without counting the stream reader as stopped', async () => {
    const to = clientAddress();
    const record = await givenOutboxMessage(env, enquiryReceived(to));
    const writtenAt = Date.now();
    gate.set('unavailable', to);
    // The stream reader runs: it claims the item, SES refuses, the record is retried and given up on.
    const streamed = await streamMailer(streamEvent(record), context());
    expect(streamed.batchItemFailures).toHaveLength(1);
    gate.set('pass', to);

    const run = await redriveInAws(new Date(writtenAt + redriveGraceMs + MINUTE));
    expect(run.summary).toMatchObject({ sent: 1, neverStreamed: 0 });
    expect(run.emf).toEqual([]);
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
  });
});
