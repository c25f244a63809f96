/**
 * The one custom metric: failures the background functions survive (they must, to keep their
 * batches moving) and that retrying alone will not fix. The functions emit it on purpose
 * (shared/metrics.ts) and the alarm reads exactly this (infra/constructs/messaging-alarms.ts), so
 * rewording a log line cannot silently break the alarm. No imports: the CDK app reads it too.
 *
 * One name, one namespace a stage, one dimension value for every function: one custom metric and
 * one alarm metric. Weights: an email that will not be sent and a timer whose action threw weigh
 * `atOnce` and alarm at once; a calendar-sync run in which calendars failed and none could be read
 * weighs 1, so only three within the alarm's 45 minutes (every scheduled run) alarm: one therapist's
 * broken address is theirs to fix. A re-drive run that sends emails the stream never tried weighs
 * `atOnce`: the stream reader is stopped or failing, which its own IteratorAge cannot show (that
 * metric exists only while the stream invokes the function), and one such run alarms.
 */
export const failuresMetric = {
  name: 'Failures',
  /** Powertools gives every metric a `service` dimension; one value for all keeps them one metric. */
  dimensions: { service: 'threshold' },
  atOnce: 3,
  calendarSyncRun: 1,
  /** A re-drive run that found emails past the grace which the stream never claimed. */
  streamReaderSilent: 3,
} as const;

/** Each function's POWERTOOLS_METRICS_NAMESPACE (infra/constructs/threshold-function.ts) and the alarm's. */
export const metricsNamespace = (stage: string): string => `Threshold/${stage}`;
