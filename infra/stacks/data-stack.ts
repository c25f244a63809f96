/**
 * Stateful: everything whose loss loses people's data or ops' settings. Deployed rarely, retained and
 * deletion-protected in prod, and never replaced by a change to compute. Compute stacks receive these
 * resources as props.
 */
import { ArnFormat, CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { table as tableDefinition } from '#shared/store/table.js';
import type { StageConfig } from '../config.js';
import { EmailHashKey, EmailHashKeyProvider } from '../constructs/email-hash-key.js';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

export class DataStack extends Stack {
  /**
   * The stage's one customer-managed key: the table and its stream, the email-hash key, every
   * function's environment, the failures queue, the alarm topic and every log group.
   */
  readonly key: Key;
  readonly table: Table;
  /** Makes and opens the email-hash key at deploy time (the compute stacks open it with this too). */
  readonly emailHashKeyServiceToken: string;
  /** The email-hash key as ciphertext under `key`: its one durable form. */
  readonly emailHashKeyCiphertext: string;
  /**
   * Alarm notifications. Here rather than with the alarms: an email subscription must be confirmed by
   * a person, so the topic outlives redeployments of the compute stacks.
   */
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    // One key per stage: every resource in it protects the same people's data, so separate keys
    // would add policy surface without separating anything.
    this.key = new Key(this, 'DataKey', {
      alias: `alias/threshold-${config.stage}-data`,
      description: `Threshold ${config.stage}: table, stream, email-hash key, function settings, failures queue, alarm topic and logs`,
      enableKeyRotation: true,
      // Not yearly by default: config.ts (keyRotationDays) says why.
      rotationPeriod: Duration.days(config.keyRotationDays),
      removalPolicy: config.removalPolicy,
      pendingWindow: Duration.days(config.retainData ? 30 : 7),
    });
    // CloudWatch Logs encrypts log groups with the key only if the key policy admits it, scoped to
    // this account's log groups in this region.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted alarm topic; SNS needs CloudWatch to be able to use the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    // EventBridge puts an SES bounce or complaint it could not deliver into the failures queue, which is
    // encrypted with this key: SQS asks KMS on EventBridge's behalf. Only for rules of this stage in this
    // account (the confused-deputy guard); the pattern names the rules without referring to the
    // messaging stack, which depends on this one.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeDeadLettersOfThisStage',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'events',
              resource: 'rule',
              resourceName: `threshold-${config.stage}-*`,
            }),
          },
        },
      }),
    );

    const { indexes } = tableDefinition;
    // Table (AWS::DynamoDB::Table), not TableV2: cdk-nag's DynamoDB rules (PITR, backup) inspect only
    // this resource type, and we want them to keep checking the one table that holds personal data.
    this.table = new Table(this, 'Table', {
      tableName: `threshold-${config.stage}`,
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      stream: StreamViewType[tableDefinition.streamView],
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      contributorInsightsSpecification: { enabled: config.contributorInsights },
      deletionProtection: config.retainData,
      removalPolicy: config.removalPolicy,
    });
    for (const index of Object.values(indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
    Validations.of(this.table).acknowledge({
      id: 'HIPAA.Security-DynamoDBInBackupPlan',
      reason:
        'Point-in-time recovery (35 days, continuous) is the backup. An AWS Backup plan would keep further copies of personal data beyond erasure requests and TTL expiry for the length of its own retention; add one only where an organisation policy requires a separate vault.',
    });

    // Keyed hashes of normalised emails are lookup keys (one enquiry per person per day, suppression,
    // calendar feed tokens): the key is generated by KMS at the first deploy, never typed by a person,
    // and kept as ciphertext, free, where a secret would cost $0.40 a month. It is never rotated on a
    // schedule: a new key would orphan every stored hash (docs/operations.md, Email-hash key).
    const provider = new EmailHashKeyProvider(this, 'EmailHashKeyProvider', {
      stage: config.stage,
      key: this.key,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
    });
    const emailHashKey = new EmailHashKey(this, 'EmailHashKey', {
      serviceToken: provider.serviceToken,
      stage: config.stage,
      key: this.key,
      ...(config.emailHashKeyCiphertext ? { ciphertext: config.emailHashKeyCiphertext } : {}),
    });
    this.emailHashKeyServiceToken = provider.serviceToken;
    this.emailHashKeyCiphertext = emailHashKey.ciphertext;

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: `threshold-${config.stage}-alarms`,
      displayName: `Threshold ${config.stage} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // Without this, every alarm's action fails silently: CloudWatch may publish only where the topic
    // policy admits it. Scoped to alarms of this account and region (the confused-deputy guard).
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));

    // What ops tools read (npm run therapist finds the table here).
    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'The stage table (npm run therapist writes therapist profiles here)',
    });
  }
}
