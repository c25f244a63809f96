/**
 * The mailer: sends outbox items from the table stream (the transactional outbox), and every five
 * minutes, in its re-drive, those the stream did not send. Builds in the given scope (failures-queue.ts says why).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IConstruct, Construct } from 'constructs';
import type { FunctionNeeds } from '#shared/manifest/needs.js';
import { OUTBOX_ENTITY } from '#shared/store/outbox.js';
import { ThresholdFunction } from '../threshold-function.js';
import type { FailuresQueue } from './failures-queue.js';
import type { FunctionDefaults } from './function-defaults.js';
import { acknowledgeListStreams } from './stream-reader.js';

export interface OutboxMailerProps {
  readonly defaults: FunctionDefaults;
  readonly needs: FunctionNeeds;
  /** The table's stream (stream-reader.ts). */
  readonly stream: ITable;
  readonly failures: FailuresQueue;
  /** The configuration set must exist before the mailer can send through it. */
  readonly configurationSet: IConstruct;
}

export class OutboxMailer {
  readonly fn: ThresholdFunction;

  constructor(scope: Construct, props: OutboxMailerProps) {
    const { stage } = props.defaults;
    this.fn = new ThresholdFunction(scope, 'MailerFunction', {
      ...props.defaults,
      name: 'mailer',
      description: 'Sends outbox emails from the table stream, and every five minutes those the stream did not',
      // A batch of ten, each send retried with backoff on SES throttling, inside one invocation; a
      // re-drive stops starting sends 15 s before the end and goes on at its next run.
      timeout: Duration.seconds(60),
      needs: props.needs,
    });
    this.fn.node.addDependency(props.configurationSet);

    this.fn.addEventSource(
      new DynamoEventSource(props.stream, {
        // Never skip an email written while the mailer was being deployed or failing.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        // The mailer reports which records failed; the others are not sent again.
        reportBatchItemFailures: true,
        // A poison record is isolated by halving the batch instead of blocking its neighbours.
        bisectBatchOnError: true,
        retryAttempts: 5,
        // After six hours an email is late enough for a person to look at it (the DLQ alarm fires).
        maxRecordAge: Duration.hours(6),
        onFailure: props.failures.streamDestination,
        // Only new outbox items: the mailer's own status updates (MODIFY) and every other entity
        // never invoke it.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(OUTBOX_ENTITY) } } },
          }),
        ],
      }),
    );
    acknowledgeListStreams(this.fn);
    // Its scheduled re-drive runs are asynchronous: one that fails after Lambda's two retries lands in
    // the failures queue (a timestamp; the next run finds every unfinished email again).
    props.failures.takeDeadLetters(this.fn);
    // The re-drive: EventBridge rules (not Scheduler) because the scheduled event carries `time`,
    // which it uses as `now`. Overlapping runs are safe: every send is under a conditional lease.
    new Rule(scope, 'RedriveSchedule', {
      ruleName: `threshold-${stage}-redrive`,
      description: 'Runs the mailer’s re-drive of unsent outbox emails every five minutes',
      schedule: Schedule.rate(Duration.minutes(5)),
      // The next run looks at every unfinished email again, so retrying an old event is pointless.
      targets: [new LambdaFunction(this.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });
    Validations.of(this.fn).acknowledge({
      id: 'HIPAA.Security-LambdaConcurrency',
      reason:
        'Concurrency is bounded by the stream: one batch in flight per shard (parallelization factor 1), plus one scheduled re-drive every five minutes, which also keeps SES sending within its rate.',
    });
  }
}
