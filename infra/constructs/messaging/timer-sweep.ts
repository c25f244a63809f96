/** The sweep: acts on due timers (timers are data), every five minutes. Builds in the given scope (failures-queue.ts says why). */
import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import type { FunctionNeeds } from '#shared/manifest/needs.js';
import { ThresholdFunction } from '../threshold-function.js';
import type { FailuresQueue } from './failures-queue.js';
import type { FunctionDefaults } from './function-defaults.js';

export class TimerSweep {
  readonly fn: ThresholdFunction;

  constructor(scope: Construct, props: { defaults: FunctionDefaults; needs: FunctionNeeds; failures: FailuresQueue }) {
    this.fn = new ThresholdFunction(scope, 'SweepFunction', {
      ...props.defaults,
      name: 'sweep',
      description: 'Acts on due timers (reminders, nudges, expiries, break notices)',
      timeout: Duration.seconds(120),
      needs: props.needs,
    });
    // EventBridge rules (not Scheduler) because the scheduled event carries `time`, which the sweep
    // uses as `now`. No reserved concurrency of 1: each timer is marked done with a condition, so two
    // overlapping sweeps still fire it once.
    new Rule(scope, 'SweepSchedule', {
      ruleName: `threshold-${props.defaults.stage}-sweep`,
      description: 'Runs the sweep every five minutes',
      schedule: Schedule.rate(Duration.minutes(5)),
      // A missed run is caught up by the next one (it looks back sweepLookbackDays), so retrying
      // an old event is pointless.
      targets: [new LambdaFunction(this.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });
    // A run that fails after Lambda's two retries (an unhandled error, a timeout) lands in the failures
    // queue, so a sweep that keeps failing raises the one queue alarm. The next run five minutes
    // later looks at every due timer again, so the record is a signal, not work to replay.
    props.failures.takeDeadLetters(this.fn);
    Validations.of(this.fn).acknowledge({
      id: 'HIPAA.Security-LambdaConcurrency',
      reason:
        'One invocation per five-minute schedule; overlapping runs are safe because each timer is marked done with a condition, so no concurrency limit is needed for correctness or cost.',
    });
  }
}
