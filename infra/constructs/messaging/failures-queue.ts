/**
 * One queue for everything the background work gives up on: the mailer's stream batches (shard
 * and sequence numbers only), failed scheduled runs of the re-drive, the sweep and the calendar
 * sync (a timestamp), and SES bounces and complaints that could not be recorded (addresses and
 * headers, hence the stage's customer-managed key). One queue, so one alarm metric watches them all;
 * a message says where it came from (docs/operations.md, Failures queue).
 *
 * Like every part of the messaging stack, it builds in the scope it is given rather than as a
 * construct level of its own: a level in the construct path would rename every logical id, and
 * CloudFormation would replace the resources, which fails for those with fixed names.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type {
  CfnFunction,
  DlqDestinationConfig,
  IEventSourceDlq,
  IEventSourceMapping,
  IFunction,
} from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ThresholdFunction } from '../threshold-function.js';

export class FailuresQueue {
  readonly queue: Queue;
  /** The stream mapping's on-failure destination, with only the grants of mayRecord (SqsDlq's grant adds key wildcards). */
  readonly streamDestination: IEventSourceDlq;
  private readonly key: IKey;

  constructor(scope: Construct, props: { stage: string; key: IKey }) {
    this.key = props.key;
    this.queue = new Queue(scope, 'Failures', {
      queueName: `threshold-${props.stage}-failures`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const arn = this.queue.queueArn;
    this.streamDestination = {
      bind: (_mapping: IEventSourceMapping, _fn: IFunction): DlqDestinationConfig => ({ destination: arn }),
    };
  }

  /**
   * Lets a function's role put failure records into the queue: SendMessage, and the data key only
   * through SQS. By hand rather than the queue's grant, which adds unconditional key wildcards.
   */
  mayRecord(fn: ThresholdFunction): void {
    fn.functionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    fn.functionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(fn).region}.amazonaws.com` } },
      }),
    );
  }

  /** An asynchronously invoked function whose invocations, once Lambda's retries are spent, land in the queue. */
  takeDeadLetters(fn: ThresholdFunction): void {
    this.mayRecord(fn);
    (fn.node.defaultChild as CfnFunction).deadLetterConfig = { targetArn: this.queue.queueArn };
    // Lambda checks the role may send to the queue when it creates the function.
    fn.node.defaultChild!.node.addDependency(fn.functionRole.policy);
  }
}
