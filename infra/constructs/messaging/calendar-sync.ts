/**
 * The calendar sync: reads therapists' busy calendars every 15 minutes, and at once when one is
 * saved (its INSERT on the table stream). Builds in the given scope (failures-queue.ts says why).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import type { FunctionNeeds } from '#shared/manifest/needs.js';
import { BUSY_CALENDAR_ENTITY } from '#shared/store/busy-calendars.js';
import { ThresholdFunction } from '../threshold-function.js';
import type { FailuresQueue } from './failures-queue.js';
import type { FunctionDefaults } from './function-defaults.js';
import { acknowledgeListStreams } from './stream-reader.js';

export class CalendarSync {
  readonly fn: ThresholdFunction;

  constructor(
    scope: Construct,
    props: { defaults: FunctionDefaults; needs: FunctionNeeds; stream: ITable; failures: FailuresQueue },
  ) {
    this.fn = new ThresholdFunction(scope, 'CalendarSyncFunction', {
      ...props.defaults,
      name: 'calendar-sync',
      description: "Reads therapists' busy calendars: every 15 minutes, and at once when one is saved",
      // Eight calendars at a time, each cut off after 10 seconds; a run stops taking new ones 15 s before the end.
      timeout: Duration.seconds(120),
      outsideVpcReason:
        "It fetches therapists' calendars from the public internet (Google, iCloud, Outlook) besides DynamoDB. Outside a VPC it reaches no private network at all; the request forgery controls are in the code (https only, every resolved address checked public before connecting to exactly that address, redirects checked again, shared/calendars/calendar-fetch.ts). A VPC would add a NAT gateway and cold-start latency without narrowing that path.",
      needs: props.needs,
    });
    new Rule(scope, 'CalendarSyncSchedule', {
      ruleName: `threshold-${props.defaults.stage}-calendar-sync`,
      description: "Reads the therapists' busy calendars that are due, every 15 minutes",
      schedule: Schedule.rate(Duration.minutes(15)),
      // A missed run is caught up by the next: every calendar stays due until it is read.
      targets: [new LambdaFunction(this.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(15) })],
    });
    // "At once on save": a busy calendar's INSERT. The item is due already, so a delivery that fails is
    // read by the next scheduled run; no dead-letter queue is needed to lose nothing.
    this.fn.addEventSource(
      new DynamoEventSource(props.stream, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        retryAttempts: 2,
        maxRecordAge: Duration.minutes(15),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(BUSY_CALENDAR_ENTITY) } } },
          }),
        ],
      }),
    );
    acknowledgeListStreams(this.fn);
    // As the sweep's: a scheduled run that keeps failing ends in the failures queue; every calendar
    // stays due in the table, so nothing needs replaying from it.
    props.failures.takeDeadLetters(this.fn);
    Validations.of(this.fn).acknowledge({
      id: 'HIPAA.Security-LambdaConcurrency',
      reason:
        'One run per 15-minute schedule plus one per batch of saved calendars; overlapping runs are safe because each calendar is claimed with a condition before it is read, and each run reads at most eight calendars at a time, so no concurrency limit is needed for correctness or cost.',
    });
  }
}
