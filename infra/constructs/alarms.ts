/**
 * Alarms every stack raises the same way: to the stage's alarm topic, quiet when there is no data
 * (no traffic is not an incident).
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface AlarmSpec {
  readonly metric: IMetric;
  readonly description: string;
  readonly threshold: number;
  /** @default 1 */
  readonly evaluationPeriods?: number;
}

export function raiseAlarm(scope: Construct, id: string, topic: ITopic, spec: AlarmSpec): Alarm {
  const alarm = new Alarm(scope, id, {
    metric: spec.metric,
    alarmDescription: spec.description,
    threshold: spec.threshold,
    evaluationPeriods: spec.evaluationPeriods ?? 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  const action = new SnsAction(topic);
  alarm.addAlarmAction(action);
  // Tell ops when it is over, too: an alarm that cleared itself at 3 a.m. is not a page to act on.
  alarm.addOkAction(action);
  return alarm;
}

/** Any error and any throttle of a function, over five minutes. */
export class FunctionAlarms extends Construct {
  constructor(scope: Construct, id: string, props: { fn: IFunction; name: string; topic: ITopic }) {
    super(scope, id);
    const period = Duration.minutes(5);
    raiseAlarm(this, 'Errors', props.topic, {
      metric: props.fn.metricErrors({ period, statistic: 'Sum' }),
      description: `${props.name}: the function failed (unhandled error or timeout). Logs: its log group, by requestId.`,
      threshold: 1,
    });
    raiseAlarm(this, 'Throttles', props.topic, {
      metric: props.fn.metricThrottles({ period, statistic: 'Sum' }),
      description: `${props.name}: invocations were throttled; the account's concurrency is exhausted or a limit is too low.`,
      threshold: 1,
    });
  }
}
