/**
 * The messaging stack's alarms (docs/operations.md, Alarms, says which failure each one catches).
 * Builds in the given scope (failures-queue.ts says why).
 */
import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { failuresMetric, metricsNamespace } from '#shared/failures-metric.js';
import { FunctionAlarms, raiseAlarm } from '../alarms.js';
import type { ThresholdFunction } from '../threshold-function.js';

export interface MessagingAlarmsProps {
  readonly stage: string;
  readonly alarms: 'essential' | 'full';
  readonly topic: ITopic;
  readonly failures: IQueue;
  readonly mailer: ThresholdFunction;
  readonly sweep: ThresholdFunction;
  readonly suppressions: ThresholdFunction;
  readonly calendarSync: ThresholdFunction;
}

export class MessagingAlarms {
  constructor(scope: Construct, props: MessagingAlarmsProps) {
    const stage = `threshold-${props.stage}`;
    // Whatever the background work gave up on: a stream batch after its retries, a scheduled run (re-drive,
    // sweep, calendar sync) that kept failing, an SES event that could not be recorded.
    raiseAlarm(scope, 'FailuresAlarm', props.topic, {
      metric: props.failures.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      description: `${stage}: background work gave up and left a record in the failures queue. A stream batch (names shard and sequence numbers: the outbox items stay pending and the mailer's re-drive sends them), a scheduled run of the mailer's re-drive, the sweep or the calendar sync (the next run retries everything), or an SES bounce or complaint not recorded (holds addresses: keep it out of tickets; replay it within 14 days). Find the cause in that function's log.`,
      threshold: 1,
    });
    // Reads IteratorAge, which exists only while the stream invokes the mailer: a stream reader that
    // is stopped (mapping disabled) or cannot read (the stream refused, its ARN stale) publishes
    // nothing, and missing data is not breaching. That case alarms below instead, through the
    // failures metric: the re-drive, which runs on its own schedule, counts emails the stream never
    // claimed.
    raiseAlarm(scope, 'MailerBehindAlarm', props.topic, {
      metric: props.mailer.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
      description: `${stage}: the mailer is more than ten minutes behind the table stream (failing, throttled or slow); emails are late.`,
      threshold: Duration.minutes(10).toMilliseconds(),
    });

    // Failures the functions survive are counted on purpose by the code into one metric
    // (shared/failures-metric.ts says what weighs what), read here by name: not from log wording.
    raiseAlarm(scope, 'FailuresLoggedAlarm', props.topic, {
      metric: new Metric({
        namespace: metricsNamespace(props.stage),
        metricName: failuresMetric.name,
        dimensionsMap: { ...failuresMetric.dimensions },
        period: Duration.minutes(45),
        statistic: 'Sum',
      }),
      description: `${stage}: work failed that retrying alone will not fix. An email will not be sent or waits on a person (mailer log, outcome "failed": kept as failed, send it again once the cause is fixed; outcome "held": the SES account is paused, held emails go out once sending resumes); a timer's action threw (sweep log, "sweep failures": it stays pending and every sweep retries it); the mailer's re-drive sent emails the table stream never tried (mailer log, "redrive found emails the stream never tried": the stream reader is stopped or failing; check the mailer's event source mapping state and its last processing result, and its stream permissions; emails go out through the re-drive meanwhile, 10 to 15 minutes late); or for 45 minutes the calendar sync read no busy calendar while some failed (calendar-sync log, "calendar sync failed": the way out, DNS or the table).`,
      threshold: failuresMetric.atOnce,
    });

    // Account-level SES reputation: AWS reviews an account at 5% bounces or 0.1% complaints.
    const reputation = (metricName: string): Metric =>
      new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    raiseAlarm(scope, 'SesBounceRateAlarm', props.topic, {
      metric: reputation('Reputation.BounceRate'),
      description: 'SES bounce rate reached 4%; at 5% AWS places the account under review.',
      threshold: 0.04,
    });
    raiseAlarm(scope, 'SesComplaintRateAlarm', props.topic, {
      metric: reputation('Reputation.ComplaintRate'),
      description: 'SES complaint rate reached 0.08%; at 0.1% AWS places the account under review.',
      threshold: 0.0008,
    });

    // The fuller set (stage setting alarms: 'full'): each function's errors and throttles, minutes
    // earlier and by name, at two alarm metrics a function.
    if (props.alarms === 'full')
      for (const [id, fn, name] of [
        ['MailerAlarms', props.mailer, 'mailer'],
        ['SweepAlarms', props.sweep, 'sweep'],
        ['SuppressionsAlarms', props.suppressions, 'suppressions'],
        ['CalendarSyncAlarms', props.calendarSync, 'calendar-sync'],
      ] as const)
        new FunctionAlarms(scope, id, { fn, name: `${stage}-${name}`, topic: props.topic });
  }
}
