/**
 * Stateless: everything that happens after the request — the mailer on the table stream (the
 * transactional outbox) and on a schedule (the re-drive of what the stream did not send), the sweep
 * on a schedule (timers are data), the calendar sync (on a schedule,
 * and on the stream for a calendar just saved), SES sending configuration, the suppressions function
 * on SES bounce and complaint events, and their alarms. Safe to redeploy at
 * any time: its only durable content is the failures queue, which holds for 14 days what the
 * background work gave up on (stream positions, scheduled events, undelivered SES events with
 * addresses, so under the stage's data key).
 */
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Table, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition, type CfnFunction, type DlqDestinationConfig, type IEventSourceDlq, type IEventSourceMapping, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { functionNeeds, type FunctionNeeds } from '../../shared/manifest/needs.js';
import type { FunctionName } from '../../shared/manifest/routes.js';
import { CONFIGURATION_SET_TAG, SES_EVENT_SOURCE, suppressionDetailTypes } from '../../functions/suppressions/event-types.js';
import { failuresMetric, metricsNamespace } from '../../shared/failures-metric.js';
import { BUSY_CALENDAR_ENTITY } from '../../shared/store/busy-calendars.js';
import { OUTBOX_ENTITY } from '../../shared/store/outbox.js';
import type { StageConfig } from '../config.js';
import { FunctionAlarms, raiseAlarm } from '../constructs/alarms.js';
import { EmailHashKey } from '../constructs/email-hash-key.js';
import { ThresholdFunction } from '../constructs/threshold-function.js';

export interface MessagingStackProps extends StackProps {
  readonly config: StageConfig;
  readonly table: ITable;
  readonly key: IKey;
  /** The data stack's email-hash key provider and the key's ciphertext: this stack opens its own copy. */
  readonly emailHashKeyServiceToken: string;
  readonly emailHashKeyCiphertext: string;
  readonly alarmTopic: ITopic;
  /** The base of every link the mailer and the sweep write (the API stack's publicBaseUrl). */
  readonly publicBaseUrl: string;
  /** What each function needs; shared/manifest/needs.ts unless a test declares otherwise. */
  readonly needs?: Readonly<Record<FunctionName, FunctionNeeds>>;
}

export class MessagingStack extends Stack {
  readonly mailer: ThresholdFunction;
  readonly sweep: ThresholdFunction;
  readonly suppressions: ThresholdFunction;
  readonly calendarSync: ThresholdFunction;
  /** What the background work gave up on, from every source; one queue so one alarm watches it. */
  readonly failures: Queue;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const { config } = props;
    const needs = props.needs ?? functionNeeds;
    // This stack's own copy of the stage's email-hash key, opened from its ciphertext, so the key
    // reaches these functions by Fn::GetAtt and never travels as a stack output.
    const emailHashKey = new EmailHashKey(this, 'EmailHashKey', {
      serviceToken: props.emailHashKeyServiceToken,
      stage: config.stage,
      key: props.key,
      ciphertext: props.emailHashKeyCiphertext,
    });
    const configurationSetName = `threshold-${config.stage}`;
    const common = {
      stage: config.stage,
      settings: config.settings,
      publicBaseUrl: props.publicBaseUrl,
      logRetention: config.logRetention,
      dataKey: props.key,
      logRemovalPolicy: config.removalPolicy,
      resources: { table: props.table, emailHashKey: emailHashKey.key, email: { identity: config.sesIdentity, configurationSetName } },
    };

    this.configurationSet = new ConfigurationSet(this, 'Sending', {
      configurationSetName,
      // Emails say that a person is seeking therapy: deliver only over TLS, never in clear text.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      // SES itself stops sending to an address that bounced or complained, before our code is involved.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // Bounce and complaint events go to the default event bus (the only bus SES can target), where the
    // SesFeedbackRule below hands them to the suppressions function: it writes the application's own
    // suppression records, which the mailer checks before every send (the SES suppression list above
    // stays as the second line).
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    // --- Mailer: sends outbox items from the table stream -------------------------------------
    this.mailer = new ThresholdFunction(this, 'MailerFunction', {
      ...common,
      name: 'mailer',
      description: 'Sends outbox emails from the table stream, and every five minutes those the stream did not',
      // A batch of ten, each send retried with backoff on SES throttling, inside one invocation; a
      // re-drive stops starting sends 15 s before the end and goes on at its next run.
      timeout: Duration.seconds(60),
      needs: needs.mailer,
    });
    // The configuration set must exist before the mailer can send through it.
    this.mailer.node.addDependency(this.configurationSet);

    // One queue for everything the background work gives up on: the mailer's stream batches (shard
    // and sequence numbers only), failed scheduled runs of the re-drive, the sweep and the calendar
    // sync (a timestamp), and SES bounces and complaints that could not be recorded (addresses and headers,
    // hence the stage's customer-managed key). One queue, so one alarm metric watches them all; a
    // message says where it came from (docs/operations.md, Failures queue).
    this.failures = new Queue(this, 'Failures', {
      queueName: `threshold-${config.stage}-failures`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const failuresQueue = this.failures;
    const region = this.region;
    /**
     * Lets a function's role put failure records into the queue: SendMessage, and the data key only
     * through SQS. By hand rather than the queue's grant, which adds unconditional key wildcards.
     */
    const mayRecordFailures = (fn: ThresholdFunction): void => {
      fn.functionRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [failuresQueue.queueArn] }));
      fn.functionRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [props.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${region}.amazonaws.com` } },
        }),
      );
    };
    /** An asynchronously invoked function whose invocations, once Lambda's retries are spent, land in the queue. */
    const deadLettersToFailures = (fn: ThresholdFunction): void => {
      mayRecordFailures(fn);
      (fn.node.defaultChild as CfnFunction).deadLetterConfig = { targetArn: failuresQueue.queueArn };
      // Lambda checks the role may send to the queue when it creates the function.
      fn.node.defaultChild!.node.addDependency(fn.functionRole.policy);
    };
    /** The stream mapping's on-failure destination, with only the grants above (SqsDlq's grant adds key wildcards). */
    const streamFailures: IEventSourceDlq = {
      bind: (_mapping: IEventSourceMapping, _fn: IFunction): DlqDestinationConfig => ({ destination: failuresQueue.queueArn }),
    };

    // DynamoDB decrypts stream records on the reader's behalf, so the mailer's table binding (the key
    // through DynamoDB only, kms:ViaService) covers them. The event source is given the table without
    // its key: with the key it would add an unconditional kms:Decrypt beside that.
    if (!props.table.tableStreamArn) throw new Error('The table has no stream: the mailer reads the outbox from it.');
    const outboxStream = Table.fromTableAttributes(this, 'OutboxStream', { tableArn: props.table.tableArn, tableStreamArn: props.table.tableStreamArn });
    this.mailer.addEventSource(
      new DynamoEventSource(outboxStream, {
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
        onFailure: streamFailures,
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
    Validations.of(this.mailer.functionRole.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "dynamodb:ListStreams, which the stream event source needs, is an account-level action with no resource ARN. The stream reads themselves (DescribeStream, GetShardIterator, GetRecords) are scoped to this table's stream.",
    });
    // Its scheduled re-drive runs are asynchronous: one that fails after Lambda's two retries lands in
    // the failures queue (a timestamp; the next run finds every unfinished email again).
    deadLettersToFailures(this.mailer);
    // The re-drive: EventBridge rules (not Scheduler) because the scheduled event carries `time`,
    // which it uses as `now`. Overlapping runs are safe: every send is under a conditional lease.
    new Rule(this, 'RedriveSchedule', {
      ruleName: `threshold-${config.stage}-redrive`,
      description: 'Runs the mailer’s re-drive of unsent outbox emails every five minutes',
      schedule: Schedule.rate(Duration.minutes(5)),
      // The next run looks at every unfinished email again, so retrying an old event is pointless.
      targets: [new LambdaFunction(this.mailer, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });
    Validations.of(this.mailer).acknowledge({
      id: 'HIPAA.Security-LambdaConcurrency',
      reason: 'Concurrency is bounded by the stream: one batch in flight per shard (parallelization factor 1), plus one scheduled re-drive every five minutes, which also keeps SES sending within its rate.',
    });

    // --- Sweep: acts on due timers --------------------------------------------------------------
    this.sweep = new ThresholdFunction(this, 'SweepFunction', {
      ...common,
      name: 'sweep',
      description: 'Acts on due timers (reminders, nudges, expiries, break notices)',
      timeout: Duration.seconds(120),
      needs: needs.sweep,
    });
    // EventBridge rules (not Scheduler) because the scheduled event carries `time`, which the sweep
    // uses as `now`. No reserved concurrency of 1: each timer is marked done with a condition, so two
    // overlapping sweeps still fire it once.
    new Rule(this, 'SweepSchedule', {
      ruleName: `threshold-${config.stage}-sweep`,
      description: 'Runs the sweep every five minutes',
      schedule: Schedule.rate(Duration.minutes(5)),
      // A missed run is caught up by the next one (it looks back sweepLookbackDays), so retrying
      // an old event is pointless.
      targets: [new LambdaFunction(this.sweep, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });
    // A run that fails after Lambda's two retries (an unhandled error, a timeout) lands in the failures
    // queue, so a sweep that keeps failing raises the one queue alarm. The next run five minutes
    // later looks at every due timer again, so the record is a signal, not work to replay.
    deadLettersToFailures(this.sweep);
    Validations.of(this.sweep).acknowledge({
      id: 'HIPAA.Security-LambdaConcurrency',
      reason: 'One invocation per five-minute schedule; overlapping runs are safe because each timer is marked done with a condition, so no concurrency limit is needed for correctness or cost.',
    });

    // --- Calendar sync: therapists' busy calendars -----------------------------------------
    this.calendarSync = new ThresholdFunction(this, 'CalendarSyncFunction', {
      ...common,
      name: 'calendar-sync',
      description: "Reads therapists' busy calendars: every 15 minutes, and at once when one is saved",
      // Eight calendars at a time, each cut off after 10 seconds; a run stops taking new ones 15 s before the end.
      timeout: Duration.seconds(120),
      outsideVpcReason:
        "It fetches therapists' calendars from the public internet (Google, iCloud, Outlook) besides DynamoDB. Outside a VPC it reaches no private network at all; the request forgery controls are in the code (https only, every resolved address checked public before connecting to exactly that address, redirects checked again, shared/calendars/calendar-fetch.ts). A VPC would add a NAT gateway and cold-start latency without narrowing that path.",
      needs: needs['calendar-sync'],
    });
    new Rule(this, 'CalendarSyncSchedule', {
      ruleName: `threshold-${config.stage}-calendar-sync`,
      description: "Reads the therapists' busy calendars that are due, every 15 minutes",
      schedule: Schedule.rate(Duration.minutes(15)),
      // A missed run is caught up by the next: every calendar stays due until it is read.
      targets: [new LambdaFunction(this.calendarSync, { retryAttempts: 2, maxEventAge: Duration.minutes(15) })],
    });
    // "At once on save": a busy calendar's INSERT. The item is due already, so a delivery that fails is
    // read by the next scheduled run; no dead-letter queue is needed to lose nothing.
    // As the mailer's: the stream without the key, so no unconditional kms:Decrypt rides along.
    this.calendarSync.addEventSource(
      new DynamoEventSource(outboxStream, {
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
    Validations.of(this.calendarSync.functionRole.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "dynamodb:ListStreams, which the stream event source needs, is an account-level action with no resource ARN. The stream reads themselves (DescribeStream, GetShardIterator, GetRecords) are scoped to this table's stream.",
    });
    // As the sweep's: a scheduled run that keeps failing ends in the failures queue; every calendar
    // stays due in the table, so nothing needs replaying from it.
    deadLettersToFailures(this.calendarSync);
    Validations.of(this.calendarSync).acknowledge({
      id: 'HIPAA.Security-LambdaConcurrency',
      reason:
        'One run per 15-minute schedule plus one per batch of saved calendars; overlapping runs are safe because each calendar is claimed with a condition before it is read, and each run reads at most eight calendars at a time, so no concurrency limit is needed for correctness or cost.',
    });

    // --- Suppressions: SES bounces and complaints become suppression records -----------------
    this.suppressions = new ThresholdFunction(this, 'SuppressionsFunction', {
      ...common,
      name: 'suppressions',
      description: 'Records SES bounces and complaints as suppression records',
      timeout: Duration.seconds(30),
      needs: needs.suppressions,
    });
    // EventBridge invokes asynchronously: Lambda retries a failed invocation twice, then sends the
    // event to the failures queue (set on the function itself, so HIPAA.Security-LambdaDLQ holds).
    deadLettersToFailures(this.suppressions);
    this.suppressions.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6) });

    // Only this stage's bounces and complaints: SES tags every event with its configuration set.
    new Rule(this, 'SesFeedbackRule', {
      ruleName: `threshold-${config.stage}-ses-feedback`,
      description: "SES bounces and complaints of this stage's configuration set, to the suppressions function",
      eventPattern: {
        source: [SES_EVENT_SOURCE],
        detailType: [...suppressionDetailTypes],
        detail: { mail: { tags: { [CONFIGURATION_SET_TAG]: [configurationSetName] } } },
      },
      // These retries cover handing the event to Lambda (throttling of the invoke call, service
      // errors); the function's own failures are retried by Lambda as configured above. A bounce is
      // worth recording a day late: the mailer would otherwise keep writing to a dead address.
      targets: [new LambdaFunction(this.suppressions, { retryAttempts: 10, maxEventAge: Duration.hours(24), deadLetterQueue: this.failures })],
    });
    // EventBridge writes to the encrypted queue through SQS, which asks KMS on its behalf: the queue
    // policy (added by the target above) admits only this rule, and the data key's policy admits
    // EventBridge for this stage's rules in this account (data-stack.ts).
    Validations.of(this.suppressions).acknowledge({
      id: 'HIPAA.Security-LambdaConcurrency',
      reason:
        'Invoked once per SES bounce or complaint, a small fraction of the emails the mailer sends; each invocation is a few idempotent PutItems, so overlapping runs are safe and no limit is needed for correctness or cost. A limit would only turn a burst of bounces into throttles.',
    });

    // --- Alarms (docs/operations.md, Alarms, says which failure each one catches) ---------------
    const stage = `threshold-${config.stage}`;
    // Whatever the background work gave up on: a stream batch after its retries, a scheduled run (re-drive,
    // sweep, calendar sync) that kept failing, an SES event that could not be recorded.
    raiseAlarm(this, 'FailuresAlarm', props.alarmTopic, {
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      description: `${stage}: background work gave up and left a record in the failures queue. A stream batch (names shard and sequence numbers: the outbox items stay pending and the mailer's re-drive sends them), a scheduled run of the mailer's re-drive, the sweep or the calendar sync (the next run retries everything), or an SES bounce or complaint not recorded (holds addresses: keep it out of tickets; replay it within 14 days). Find the cause in that function's log.`,
      threshold: 1,
    });
    raiseAlarm(this, 'MailerBehindAlarm', props.alarmTopic, {
      metric: this.mailer.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
      description: `${stage}: the mailer is more than ten minutes behind the table stream (failing, throttled or slow); emails are late.`,
      threshold: Duration.minutes(10).toMilliseconds(),
    });

    // Failures the functions survive are counted on purpose by the code into one metric
    // (shared/failures-metric.ts says what weighs what), read here by name: not from log wording.
    raiseAlarm(this, 'FailuresLoggedAlarm', props.alarmTopic, {
      metric: new Metric({
        namespace: metricsNamespace(config.stage),
        metricName: failuresMetric.name,
        dimensionsMap: { ...failuresMetric.dimensions },
        period: Duration.minutes(45),
        statistic: 'Sum',
      }),
      description: `${stage}: work failed that retrying alone will not fix. An email will not be sent or waits on a person (mailer log, outcome "failed": kept as failed, send it again once the cause is fixed; outcome "held": the SES account is paused, held emails go out once sending resumes); a timer's action threw (sweep log, "sweep failures": it stays pending and every sweep retries it); or for 45 minutes the calendar sync read no busy calendar while some failed (calendar-sync log, "calendar sync failed": the way out, DNS or the table).`,
      threshold: failuresMetric.atOnce,
    });

    // Account-level SES reputation: AWS reviews an account at 5% bounces or 0.1% complaints.
    const reputation = (metricName: string): Metric => new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    raiseAlarm(this, 'SesBounceRateAlarm', props.alarmTopic, {
      metric: reputation('Reputation.BounceRate'),
      description: 'SES bounce rate reached 4%; at 5% AWS places the account under review.',
      threshold: 0.04,
    });
    raiseAlarm(this, 'SesComplaintRateAlarm', props.alarmTopic, {
      metric: reputation('Reputation.ComplaintRate'),
      description: 'SES complaint rate reached 0.08%; at 0.1% AWS places the account under review.',
      threshold: 0.0008,
    });

    // The fuller set (stage setting alarms: 'full'): each function's errors and throttles, minutes
    // earlier and by name, at two alarm metrics a function.
    if (config.alarms === 'full')
      for (const [id, fn, name] of [
        ['MailerAlarms', this.mailer, 'mailer'],
        ['SweepAlarms', this.sweep, 'sweep'],
        ['SuppressionsAlarms', this.suppressions, 'suppressions'],
        ['CalendarSyncAlarms', this.calendarSync, 'calendar-sync'],
      ] as const)
        new FunctionAlarms(this, id, { fn, name: `${stage}-${name}`, topic: props.alarmTopic });
  }
}
