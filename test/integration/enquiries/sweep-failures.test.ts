/**
 * A timer whose action fails stays pending and is tried again by the next sweep; the failure is
 * logged as `sweep failures` with kinds and error names only, and counted into the failures metric
 * the alarm reads (shared/failures-metric.ts), each line carrying the invocation's request id.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScheduledEvent } from 'aws-lambda';
import { handler } from '#functions/sweep/handler.js';
import { failuresMetric, metricsNamespace } from '#shared/failures-metric.js';
import { getRuntime } from '#shared/runtime.js';
import { timerPut } from '#shared/store/timers.js';
import { sweepTimers } from '#shared/use-cases/timers/sweep.js';
import { writeTransaction } from '#shared/store/transaction.js';
import { lambdaContext } from '#test/support/driver.js';
import { captureLogs } from '#test/support/capture-logs.js';
import { useTestEnvironment } from '#test/support/environment.js';

useTestEnvironment();

const scheduled = (time: string): ScheduledEvent => ({
  version: '0',
  id: 'test',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time,
  region: 'eu-west-2',
  resources: [],
  detail: {},
});

afterEach(() => vi.restoreAllMocks());

describe('a timer whose action fails', () => {
  it('is counted, logged for the alarm without personal data, kept pending and retried', async () => {
    const runtime = getRuntime();
    const { tableName, settings } = runtime.config;
    // An enquiry nudge due in a season of its own, whose action is made to throw below.
    const dueAt = '2024-02-06T10:00:00.000Z';
    await writeTransaction(runtime.db, [
      timerPut(
        tableName,
        {
          timerId: 'enquiry-nudge#no-such-enquiry',
          therapistId: 'sweep-failures',
          kind: 'enquiry-nudge',
          subjectId: 'no-such-enquiry',
          dueAt,
        },
        settings.timerShards,
      ),
    ]);
    const boom = Object.assign(new Error('contains nothing personal, but never logged'), {
      name: 'ProvisionedThroughputExceededException',
    });
    const failing = { 'enquiry-nudge': async () => Promise.reject(boom) };

    const first = await sweepTimers(runtime, new Date('2024-02-06T10:05:00Z'), { handlers: failing });
    expect(first).toMatchObject({
      fired: 0,
      failed: 1,
      failures: [{ kind: 'enquiry-nudge', error: 'ProvisionedThroughputExceededException' }],
    });
    // Still pending: the real action runs on the next sweep (its enquiry is gone, so it is just marked done).
    expect(await sweepTimers(runtime, new Date('2024-02-06T10:10:00Z'))).toMatchObject({ failed: 0, skipped: 1 });

    await writeTransaction(runtime.db, [
      timerPut(
        tableName,
        {
          timerId: 'enquiry-nudge#another',
          therapistId: 'sweep-failures',
          kind: 'enquiry-nudge',
          subjectId: 'another',
          dueAt,
        },
        settings.timerShards,
      ),
    ]);
    const logs = captureLogs();
    const { lines } = logs;
    const registry = await import('#shared/use-cases/timers/registry.js');
    vi.spyOn(registry.timerHandlers, 'enquiry-nudge').mockRejectedValue(boom);
    const result = await handler(scheduled('2024-02-06T10:15:00Z'), lambdaContext('sweep')).finally(() => logs.stop());
    vi.restoreAllMocks();
    expect(result).toMatchObject({ fired: 0, skipped: 0, failed: 1 });
    const failureLine = lines.map((l) => l.trim()).find((l) => l.includes('sweep failures'));
    expect(failureLine).toBeDefined();
    const parsed = JSON.parse(failureLine!) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      message: 'sweep failures',
      failures: [{ kind: 'enquiry-nudge', error: 'ProvisionedThroughputExceededException' }],
    });
    expect(failureLine).not.toContain('never logged');
  });

  it('counts the failure into the failures metric, and its log lines carry the request id', async () => {
    const runtime = getRuntime();
    const { tableName, settings } = runtime.config;
    const dueAt = '2024-03-06T10:00:00.000Z';
    await writeTransaction(runtime.db, [
      timerPut(
        tableName,
        {
          timerId: 'enquiry-nudge#metric',
          therapistId: 'sweep-failures',
          kind: 'enquiry-nudge',
          subjectId: 'metric',
          dueAt,
        },
        settings.timerShards,
      ),
    ]);
    const boom = Object.assign(new Error('never logged'), { name: 'ProvisionedThroughputExceededException' });
    const registry = await import('#shared/use-cases/timers/registry.js');
    vi.spyOn(registry.timerHandlers, 'enquiry-nudge').mockRejectedValue(boom);
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', metricsNamespace('dev'));
    const context = lambdaContext('sweep');
    const logs = captureLogs();
    const result = await handler(scheduled('2024-03-06T10:05:00Z'), context).finally(() => logs.stop());
    vi.unstubAllEnvs();
    expect(result).toMatchObject({ failed: 1 });
    const records = logs.lines
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const emf = records.filter((r) => '_aws' in r);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ [failuresMetric.name]: failuresMetric.atOnce, ...failuresMetric.dimensions });
    expect(emf[0]!._aws).toMatchObject({
      CloudWatchMetrics: [{ Namespace: 'Threshold/dev', Metrics: [{ Name: failuresMetric.name }] }],
    });
    const lines = records.filter((r) => 'message' in r);
    expect(lines.map((r) => r.message)).toContain('sweep failures');
    for (const line of lines) expect(line.function_request_id).toBe(context.awsRequestId);
  });
});
