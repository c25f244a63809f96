/**
 * Stateless: everything that happens after the request — the mailer on the table stream (the
 * transactional outbox) and on a schedule (the re-drive of what the stream did not send), the sweep
 * on a schedule (timers are data), the calendar sync (on a schedule, and on the stream for a
 * calendar just saved), SES sending configuration, the suppressions function on SES bounce and
 * complaint events, and their alarms: each a part under infra/constructs/messaging/. Safe to
 * redeploy at any time: its only durable content is the failures queue, which holds for 14 days
 * what the background work gave up on (stream positions, scheduled events, undelivered SES events
 * with addresses, so under the stage's data key).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { functionNeeds, type FunctionNeeds } from '#shared/manifest/needs.js';
import type { FunctionName } from '#shared/manifest/routes.js';
import type { StageConfig } from '../config.js';
import { EmailHashKey } from '../constructs/email-hash-key.js';
import { CalendarSync } from '../constructs/messaging/calendar-sync.js';
import { FailuresQueue } from '../constructs/messaging/failures-queue.js';
import type { FunctionDefaults } from '../constructs/messaging/function-defaults.js';
import { MessagingAlarms } from '../constructs/messaging/messaging-alarms.js';
import { OutboxMailer } from '../constructs/messaging/outbox-mailer.js';
import { configurationSetNameOf, SesFeedback, SesSending } from '../constructs/messaging/ses-feedback.js';
import { tableStream } from '../constructs/messaging/stream-reader.js';
import { TimerSweep } from '../constructs/messaging/timer-sweep.js';
import type { ThresholdFunction } from '../constructs/threshold-function.js';

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
    const defaults: FunctionDefaults = {
      stage: config.stage,
      settings: config.settings,
      publicBaseUrl: props.publicBaseUrl,
      logRetention: config.logRetention,
      dataKey: props.key,
      logRemovalPolicy: config.removalPolicy,
      resources: {
        table: props.table,
        emailHashKey: emailHashKey.key,
        email: { senderEmail: config.settings.senderEmail, configurationSetName: configurationSetNameOf(config.stage) },
      },
    };

    const failures = new FailuresQueue(this, { stage: config.stage, key: props.key });
    const stream = tableStream(this, props.table);
    this.configurationSet = new SesSending(this, { stage: config.stage }).configurationSet;
    this.mailer = new OutboxMailer(this, {
      defaults,
      needs: needs.mailer,
      stream,
      failures,
      configurationSet: this.configurationSet,
    }).fn;
    this.sweep = new TimerSweep(this, { defaults, needs: needs.sweep, failures }).fn;
    this.calendarSync = new CalendarSync(this, { defaults, needs: needs['calendar-sync'], stream, failures }).fn;
    this.suppressions = new SesFeedback(this, { defaults, needs: needs.suppressions, failures }).fn;
    this.failures = failures.queue;

    new MessagingAlarms(this, {
      stage: config.stage,
      alarms: config.alarms,
      topic: props.alarmTopic,
      failures: this.failures,
      mailer: this.mailer,
      sweep: this.sweep,
      suppressions: this.suppressions,
      calendarSync: this.calendarSync,
    });
  }
}
