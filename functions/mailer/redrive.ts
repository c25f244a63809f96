/**
 * The re-drive: sends every outbox item still unfinished a grace period after it was written, which
 * is what the stream could not deliver (an outage longer than its retries, a record past its age,
 * a stream position lost on a restart). Runs in the sweep. Each item is claimed with the same lease
 * the mailer takes, so the stream and the re-drive reaching one item send one email.
 *
 * A failed attempt is due again on the backoff's timetable (redrive-schedule.ts); at the bound it is
 * marked failed and logged for the failed-email alarm, and leaves the index, so it is never tried again.
 */
import { errorName } from '#shared/email/email-sender.js';
import { maxRedrives, nextRedriveAt } from '#shared/store/index.js';
import type { DueOutboxItem } from '#shared/store/outbox.js';
import { failed, sendClaimed, type DeliverDeps, type LogFields, type Outcome } from './deliver.js';

/** What one item came to. `busy`: another invocation (usually the stream) holds it right now. */
export type RedriveOutcome = Exclude<Outcome, 'ignored'> | 'busy';

export interface RedriveSummary {
  sent: number;
  suppressed: number;
  failed: number;
  /** Not sent this time; due again after the backoff. */
  retried: number;
  /** Sent meanwhile by the stream, or being sent by it. */
  skipped: number;
  /**
   * SES sends nothing until ops act (a paused account): this item is due again after the backoff,
   * and the rest wait untouched for the next sweep, which tries one again.
   */
  held: number;
  /** The sweep ran short of time with items still due; the next sweep goes on. */
  outOfTime: boolean;
  /**
   * Items claimed here for the first time that the stream never claimed at all: each waited past the
   * grace without the stream reader trying it, which only a stopped or failing stream reader leaves.
   * Counted whatever the send came to, once per item (its first re-drive).
   */
  neverStreamed: number;
}

export interface RedriveOptions {
  /** False once there is no longer time to send one more email before the invocation is stopped. */
  hasTime: () => boolean;
  /** One call per item, with ids and outcomes only. */
  onOutcome: (log: Omit<LogFields, 'outcome'> & { outcome: RedriveOutcome }) => void;
}

/** `at`: the sweep's "now", which decides what is due and when the next attempt falls. */
export async function redriveOutbox(deps: DeliverDeps, at: Date, options: RedriveOptions): Promise<RedriveSummary> {
  const summary: RedriveSummary = {
    sent: 0,
    suppressed: 0,
    failed: 0,
    retried: 0,
    skipped: 0,
    held: 0,
    outOfTime: false,
    neverStreamed: 0,
  };
  for await (const due of deps.runtime.store.outbox.due(at)) {
    if (!options.hasTime()) {
      summary.outOfTime = true;
      break;
    }
    const log: LogFields = { outboxId: due.pk.slice('OUTBOX#'.length), via: 'redrive' };
    let outcome: RedriveOutcome;
    try {
      outcome = await redriveOne(due, deps, at, log);
    } catch (error) {
      // Nothing recorded (a DynamoDB error): the item is still due, and the next sweep tries it.
      outcome = 'retry';
      log.errorName = errorName(error);
    }
    if (outcome === 'already-done' || outcome === 'busy') summary.skipped++;
    else if (outcome === 'retry') summary.retried++;
    else summary[outcome]++;
    if (log.neverStreamed) summary.neverStreamed++;
    options.onOutcome({ ...log, outcome });
    // Every other item would be refused the same way: one SES call per sweep while the account is
    // paused, and the untried items keep their place for when it is not.
    if (outcome === 'held') break;
  }
  return summary;
}

async function redriveOne(due: DueOutboxItem, deps: DeliverDeps, at: Date, log: LogFields): Promise<RedriveOutcome> {
  const claim = await deps.leases.claim({ pk: due.pk, sk: due.sk }, deps.now(), deps.leaseMs(), { redrive: true });
  if (!claim.claimed) return claim.reason === 'done' ? 'already-done' : 'busy';
  const attempt = typeof claim.item.redrives === 'number' ? claim.item.redrives : 1;
  log.redrive = attempt;
  // Every claim counts in `attempts`, the re-drive's alone in `redrives`: equal at the first re-drive
  // means no stream invocation ever reached this item.
  if (attempt === 1 && claim.item.attempts === claim.item.redrives) log.neverStreamed = true;
  if (attempt > maxRedrives) {
    // The attempt at the bound never finished (its invocation was stopped mid-send): give up now.
    log.errorName = typeof claim.item.errorName === 'string' ? claim.item.errorName : 'RedriveInterrupted';
    await failed(claim.item.message, claim.lease, deps, log.errorName);
    return 'failed';
  }

  let outcome: Awaited<ReturnType<typeof sendClaimed>>;
  try {
    outcome = await sendClaimed(claim.item, claim.lease, deps, log);
  } catch (error) {
    outcome = 'retry';
    log.errorName = errorName(error);
  }
  if (outcome !== 'retry' && outcome !== 'held') return outcome;

  const reason = log.errorName ?? 'UnknownError';
  if (attempt >= maxRedrives) {
    await failed(claim.item.message, claim.lease, deps, reason);
    return 'failed';
  }
  const createdAt = typeof claim.item.createdAt === 'string' ? Date.parse(claim.item.createdAt) : Number.NaN;
  const next = nextRedriveAt(Number.isNaN(createdAt) ? at.getTime() : createdAt, attempt, at.getTime());
  await deps.leases.reschedule(claim.lease, next, reason);
  log.nextAttemptAt = new Date(next).toISOString();
  return outcome;
}
