/**
 * SES sending and its feedback: the stage's configuration set (TLS only, SES's own suppression list),
 * whose bounce and complaint events go to the default event bus (the only bus SES can target), where
 * a rule hands this stage's to the suppressions function. It writes the application's own
 * suppression records, which the mailer checks before every send (the SES suppression list stays as
 * the second line). Builds in the given scope (failures-queue.ts says why).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import {
  CONFIGURATION_SET_TAG,
  SES_EVENT_SOURCE,
  suppressionDetailTypes,
} from '#functions/suppressions/event-types.js';
import type { FunctionNeeds } from '#shared/manifest/needs.js';
import { ThresholdFunction } from '../threshold-function.js';
import type { FailuresQueue } from './failures-queue.js';
import type { FunctionDefaults } from './function-defaults.js';

/** The stage's configuration set name: the functions' resources name it before the set exists. */
export const configurationSetNameOf = (stage: string): string => `threshold-${stage}`;

export class SesSending {
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, props: { stage: string }) {
    this.configurationSet = new ConfigurationSet(scope, 'Sending', {
      configurationSetName: configurationSetNameOf(props.stage),
      // Emails say that a person is seeking therapy: deliver only over TLS, never in clear text.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      // SES itself stops sending to an address that bounced or complained, before our code is involved.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(scope, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }
}

export class SesFeedback {
  readonly fn: ThresholdFunction;

  constructor(scope: Construct, props: { defaults: FunctionDefaults; needs: FunctionNeeds; failures: FailuresQueue }) {
    const { stage } = props.defaults;
    this.fn = new ThresholdFunction(scope, 'SuppressionsFunction', {
      ...props.defaults,
      name: 'suppressions',
      description: 'Records SES bounces and complaints as suppression records',
      timeout: Duration.seconds(30),
      needs: props.needs,
    });
    // EventBridge invokes asynchronously: Lambda retries a failed invocation twice, then sends the
    // event to the failures queue (set on the function itself, so HIPAA.Security-LambdaDLQ holds).
    props.failures.takeDeadLetters(this.fn);
    this.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6) });

    // Only this stage's bounces and complaints: SES tags every event with its configuration set.
    new Rule(scope, 'SesFeedbackRule', {
      ruleName: `threshold-${stage}-ses-feedback`,
      description: "SES bounces and complaints of this stage's configuration set, to the suppressions function",
      eventPattern: {
        source: [SES_EVENT_SOURCE],
        detailType: [...suppressionDetailTypes],
        detail: { mail: { tags: { [CONFIGURATION_SET_TAG]: [configurationSetNameOf(stage)] } } },
      },
      // These retries cover handing the event to Lambda (throttling of the invoke call, service
      // errors); the function's own failures are retried by Lambda as configured above. A bounce is
      // worth recording a day late: the mailer would otherwise keep writing to a dead address.
      targets: [
        new LambdaFunction(this.fn, {
          retryAttempts: 10,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: props.failures.queue,
        }),
      ],
    });
    // EventBridge writes to the encrypted queue through SQS, which asks KMS on its behalf: the queue
    // policy (added by the target above) admits only this rule, and the data key's policy admits
    // EventBridge for this stage's rules in this account (data-stack.ts).
    Validations.of(this.fn).acknowledge({
      id: 'HIPAA.Security-LambdaConcurrency',
      reason:
        'Invoked once per SES bounce or complaint, a small fraction of the emails the mailer sends; each invocation is a few idempotent PutItems, so overlapping runs are safe and no limit is needed for correctness or cost. A limit would only turn a burst of bounces into throttles.',
    });
  }
}
