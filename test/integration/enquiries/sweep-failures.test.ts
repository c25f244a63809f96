/**
 * A timer whose action fails stays pending and is tried again by the next sweep; the failure is
 * counted and logged as `sweep failures` — the exact line the TimersFailed alarm's metric filter
 * counts (infra/stacks/messaging-stack.ts) — with kinds and error names only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScheduledEvent } from 'aws-lambda';
import { handler } from '../../../functions/sweep/handler.js';
import { getRuntime } from '../../../shared/runtime.js';
import { timerPut } from '../../../shared/store/timers.js';
import { sweepTimers } from '../../../shared/use-cases/timers/sweep.js';
import { writeTransaction } from '../../../shared/store/transaction.js';
import { lambdaContext } from '../../support/driver.js';
import { captureLogs } from '../../support/capture-logs.js';
import { useTestEnvironment } from '../../support/environment.js';

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
    await writeTransaction(runtime.db, [timerPut(tableName, { timerId: 'enquiry-nudge#no-such-enquiry', therapistId: 'sweep-failures', kind: 'enquiry-nudge', subjectId: 'no-such-enquiry', dueAt }, settings.timerShards)]);
    const boom = Object.assign(new Error('contains nothing personal, but never logged'), { name: 'ProvisionedThroughputExceededException' });
    const failing = { 'enquiry-nudge': async () => Promise.reject(boom) };

    const first = await sweepTimers(runtime, new Date('2024-02-06T10:05:00Z'), { handlers: failing });
    expect(first).toMatchObject({ fired: 0, failed: 1, failures: [{ kind: 'enquiry-nudge', error: 'ProvisionedThroughputExceededException' }] });
    // Still pending: the real action runs on the next sweep (its enquiry is gone, so it is just marked done).
    expect(await sweepTimers(runtime, new Date('2024-02-06T10:10:00Z'))).toMatchObject({ failed: 0, skipped: 1 });

    // The handler's log line is what the metric filter `{ $.message = "sweep failures" }` counts.
    await writeTransaction(runtime.db, [timerPut(tableName, { timerId: 'enquiry-nudge#another', therapistId: 'sweep-failures', kind: 'enquiry-nudge', subjectId: 'another', dueAt }, settings.timerShards)]);
    const logs = captureLogs();
    const { lines } = logs;
    const registry = await import('../../../shared/use-cases/timers/registry.js');
    vi.spyOn(registry.timerHandlers, 'enquiry-nudge').mockRejectedValue(boom);
    const result = await handler(scheduled('2024-02-06T10:15:00Z'), lambdaContext('sweep')).finally(() => logs.stop());
    vi.restoreAllMocks();
    expect(result).toMatchObject({ fired: 0, skipped: 0, failed: 1 });
    const failureLine = lines.map((l) => l.trim()).find((l) => l.includes('sweep failures'));
    expect(failureLine).toBeDefined();
    const parsed = JSON.parse(failureLine!) as Record<string, unknown>;
    expect(parsed).toMatchObject({ message: 'sweep failures', failures: [{ kind: 'enquiry-nudge', error: 'ProvisionedThroughputExceededException' }] });
    expect(failureLine).not.toContain('never logged');
  });
});
