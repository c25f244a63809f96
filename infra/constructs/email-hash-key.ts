/**
 * The stage's email-hash key without a paid secret (infra/custom-resources/email-hash-key.ts says how
 * it is made). The data stack holds the provider and the key's one durable form, its ciphertext; each
 * compute stack opens that ciphertext with a resource of its own, so the plaintext reaches its
 * functions by Fn::GetAtt inside the stack and never crosses stacks as an output (outputs are plain
 * text in DescribeStacks; a ciphertext is safe there, the key would not be).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CustomResource, Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { keyPurpose } from '../custom-resources/email-hash-key.js';
import { bundledCode } from './lambda-code.js';
import { FunctionRole } from './threshold-function.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface EmailHashKeyProviderProps {
  readonly stage: string;
  readonly key: IKey;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

const deployTimeOnly =
  'Runs only while CloudFormation creates or updates the email-hash key resource (a few times a year), invoked by CloudFormation through the provider framework, which reports every failure to CloudFormation itself: the deployment fails and rolls back. A dead-letter queue or reserved concurrency would hold or bound nothing.';

/** The custom resource provider: our onEvent handler behind the CDK provider framework. Data stack. */
export class EmailHashKeyProvider extends Construct {
  readonly serviceToken: string;

  constructor(scope: Construct, id: string, props: EmailHashKeyProviderProps) {
    super(scope, id);
    const logs = (name: string) =>
      new LogGroup(this, `${name}Logs`, {
        retention: props.logRetention,
        encryptionKey: props.key,
        removalPolicy: props.logRemovalPolicy,
      });

    const handlerRole = new FunctionRole(this, 'HandlerRole', `threshold ${props.stage} email-hash key resource`);
    // Only the two calls the handler makes, and only for ciphertexts bound to this purpose and stage:
    // the data key's other uses (table, logs, queue, environment) stay out of its reach.
    handlerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.key.keyArn],
        conditions: {
          StringEquals: { 'kms:EncryptionContext:purpose': keyPurpose, 'kms:EncryptionContext:stage': props.stage },
        },
      }),
    );
    const handlerLogs = logs('Handler');
    handlerLogs.grantWrite(handlerRole);
    const handler = new NodejsFunction(this, 'Handler', {
      description: `Threshold ${props.stage}: makes (or opens) the email-hash key at deploy time`,
      code: bundledCode(resolve(repoRoot, 'infra/custom-resources/email-hash-key.ts')),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      role: handlerRole,
      logGroup: handlerLogs,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.WARN,
      environmentEncryption: props.key,
    });
    // Lambda checks the role may write its logs when it creates the function.
    handler.node.addDependency(handlerRole.policy);

    const frameworkRole = new FunctionRole(
      this,
      'FrameworkRole',
      `threshold ${props.stage} email-hash key provider framework`,
    );
    const frameworkLogs = logs('Framework');
    frameworkLogs.grantWrite(frameworkRole);
    const provider = new Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
      providerFunctionEnvEncryption: props.key,
    });
    this.serviceToken = provider.serviceToken;

    Validations.of(frameworkRole.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<EmailHashKeyProviderHandler1020BF6F.Arn>:*]',
      reason:
        "The provider framework's grant to invoke the handler covers its versions and aliases (<arn>:*), as Lambda's own grantInvoke does; it reaches that one function and nothing else.",
    });
    for (const fn of [handler, provider.node.findChild('framework-onEvent')])
      for (const rule of ['HIPAA.Security-LambdaDLQ', 'HIPAA.Security-LambdaConcurrency'])
        Validations.of(fn).acknowledge({ id: rule, reason: deployTimeOnly });
    for (const fn of [handler, provider.node.findChild('framework-onEvent')])
      Validations.of(fn).acknowledge({
        id: 'HIPAA.Security-LambdaInsideVPC',
        reason:
          'Reaches only KMS, Lambda and the CloudFormation response URL: AWS endpoints over TLS, authorised by IAM. A VPC would add endpoints or NAT without narrowing that path.',
      });
  }
}

export interface EmailHashKeyProps {
  readonly serviceToken: string;
  readonly stage: string;
  readonly key: IKey;
  /** The key to open, as ciphertext; without it a new key is generated (the data stack's own resource). */
  readonly ciphertext?: string;
}

/** The stage's email-hash key, in the stack that uses it. */
export class EmailHashKey extends Construct {
  /** The key itself (a NoEcho attribute): only ever for a function's environment in this stack. */
  readonly key: string;
  /** Its ciphertext under the data key: safe to pass between stacks and to write down. */
  readonly ciphertext: string;

  constructor(scope: Construct, id: string, props: EmailHashKeyProps) {
    super(scope, id);
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: props.serviceToken,
      resourceType: 'Custom::EmailHashKey',
      properties: {
        KeyId: props.key.keyArn,
        Stage: props.stage,
        ...(props.ciphertext ? { Ciphertext: props.ciphertext } : {}),
      },
    });
    this.key = resource.getAttString('Key');
    this.ciphertext = resource.ref;
  }
}
