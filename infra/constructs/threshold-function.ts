/**
 * Every Threshold Lambda: one place sets the runtime, architecture, logging, tracing, bundling and
 * the environment, so a function definition in a stack says only what is particular to it.
 * (After the L3 construct in aws-powertools/powertools-lambda-typescript examples/app.)
 */
import { lambdaNodeOptions } from './bundling.js';
import { bundledCode } from './lambda-code.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
  type EnvironmentOptions,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { settingsToEnvironment } from '#shared/config.js';
import type { StageSettings } from '../config.js';
import { table as tableDefinition } from '#shared/store/table.js';
import type { FunctionNeeds, TableAction } from '#shared/manifest/needs.js';
import type { FunctionName } from '#shared/manifest/routes.js';
import { metricsNamespace } from '#shared/failures-metric.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The handler of a function: functions/<name>/handler.ts, exporting `handler`. */
export const handlerEntry = (name: FunctionName): string => resolve(repoRoot, 'functions', name, 'handler.ts');

export interface ThresholdFunctionProps {
  /** Which folder under functions/ this is; also the log group and metric name. */
  readonly name: FunctionName;
  readonly stage: string;
  readonly description: string;
  readonly settings: StageSettings;
  /** The base of every link the function writes: the API's own URL or its custom domain (a token). */
  readonly publicBaseUrl: string;
  readonly logRetention: RetentionDays;
  /**
   * The stage's data key: encrypts the function's logs (the key policy must admit CloudWatch Logs, as
   * the data stack's does) and its environment, which holds the email-hash key, at rest.
   */
  readonly dataKey: IKey;
  readonly logRemovalPolicy: RemovalPolicy;
  /** @default 512 MB: on Lambda, CPU scales with memory, and 512 keeps cold starts of an SDK bundle short. */
  readonly memorySize?: number;
  /** @default 10 seconds: the HTTP API gives up at 30, and a handler that needs more is doing too much. */
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** What the function needs (shared/manifest/needs.ts): each need becomes its permissions and environment. */
  readonly needs: FunctionNeeds;
  /** The stack's resources that needs are met from. */
  readonly resources: FunctionResources;
  /** Why it runs outside a VPC, when the default reason (only regional AWS APIs) is not true of it. */
  readonly outsideVpcReason?: string;
}

/** The console's sign-in settings, as the console function reads them. */
export interface ConsoleIdentity {
  readonly userPoolId: string;
  readonly clientId: string;
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  readonly domainUrl: string;
}

/**
 * What a stack can offer its functions. A need whose resource the stack does not have stops synth
 * with both named, rather than deploying a function that fails on its first request.
 */
export interface FunctionResources {
  readonly table: ITable;
  /** The email-hash key itself: a NoEcho attribute of the stack's own EmailHashKey resource. */
  readonly emailHashKey: string;
  /** SES sending from the stage's sender address through its configuration set (the messaging stack). */
  readonly email?: FunctionEmail;
  readonly consoleIdentity?: ConsoleIdentity;
}

export interface FunctionEmail {
  /** The one From address every email is sent with (settings.senderEmail). */
  readonly senderEmail: string;
  readonly configurationSetName: string;
}

export type TableAccessMode = 'read' | 'readWrite';
type IndexName = keyof typeof tableDefinition.indexes;
const readActions: TableAction[] = ['GetItem', 'BatchGetItem', 'Query', 'ConditionCheckItem'];
const writeActions: TableAction[] = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'];

/** Lambda's limit on a function's environment variables, all together (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
export const environmentLimitBytes = 4096;
/**
 * What an unresolved value (a reference to a table name, the API's URL, the email-hash key, a
 * Cognito id or domain) is counted as: more than any of them resolves to.
 */
const tokenBytes = 128;

/**
 * Lambda measures the variables as one JSON object ("String measured: {...}" in its refusal), so the
 * check does too, in UTF-8 bytes, with each reference at its upper bound.
 */
export function environmentBytes(variables: ReadonlyMap<string, string>): number {
  const measured = Object.fromEntries(
    [...variables].map(([k, v]) => [k, Token.isUnresolved(v) ? 'x'.repeat(tokenBytes) : v]),
  );
  return Buffer.byteLength(JSON.stringify(measured), 'utf8');
}

/** Every variable each function is given, as added: what the 4 KB check measures. */
const variablesOf = new WeakMap<object, Map<string, string>>();

function environmentSizeErrors(functionName: string, variables: ReadonlyMap<string, string>): string[] {
  const bytes = environmentBytes(variables);
  if (bytes <= environmentLimitBytes) return [];
  const largest = [...variables]
    .filter(([, v]) => !Token.isUnresolved(v))
    .map(([k, v]) => [k, Buffer.byteLength(v, 'utf8')] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, n]) => `${k} ${n} bytes`);
  return [
    `${functionName}: its environment would be ${bytes} bytes, over Lambda's 4 KB limit (${environmentLimitBytes} bytes for all variables together), and its deploy would fail. Largest: ${largest.join(', ')}. Shorten those settings in cdk.json (privacyNoticeText, crisisLines, embedOrigins), or give the function fewer of them in shared/manifest/needs.ts.`,
  ];
}

/**
 * A role whose grants land in customer-managed policies instead of an inline default policy:
 * HIPAA.Security-IAMNoInlinePolicy wants permissions that can be reviewed on their own.
 * X-Ray's statement (which must use "*") gets a policy of its own, so the acknowledgement for it
 * cannot hide a wildcard granted to anything else.
 */
export class FunctionRole extends iam.Role {
  readonly policy: iam.ManagedPolicy;
  private tracingPolicy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, description: string) {
    // No AWSLambdaBasicExecutionRole: it allows writing to every log group in the account;
    // the function's own log group is granted instead.
    super(scope, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [this],
      description: `Permissions of: ${description}`,
    });
  }

  override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const tracing = statement.actions.length > 0 && statement.actions.every((a) => a.startsWith('xray:'));
    const policy = tracing ? this.tracing() : this.policy;
    policy.addStatements(statement);
    return { statementAdded: true, policyDependable: policy };
  }

  private tracing(): iam.ManagedPolicy {
    if (!this.tracingPolicy) {
      this.tracingPolicy = new iam.ManagedPolicy(this, 'TracingPolicy', {
        roles: [this],
        description: 'X-Ray tracing',
      });
      Validations.of(this.tracingPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; AWS requires "*". This policy holds nothing else.',
      });
    }
    return this.tracingPolicy;
  }
}

export class ThresholdFunction extends NodejsFunction {
  readonly functionRole: FunctionRole;
  /** The function's own log group (the base class exposes it only as ILogGroup). */
  readonly functionLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ThresholdFunctionProps) {
    // Created beside the function (not inside it) because they must exist before super() runs.
    // No fixed name: the group is kept when its stack is deleted (in prod), and a fixed name would then
    // make the next deploy of the stack fail with "already exists". The function's configuration
    // names it (LoggingConfig.LogGroup).
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      encryptionKey: props.dataKey,
      removalPolicy: props.logRemovalPolicy,
    });
    const role = new FunctionRole(scope, `${id}Role`, `threshold ${props.stage} ${props.name} function`);

    super(scope, id, {
      functionName: `threshold-${props.stage}-${props.name}`,
      description: props.description,
      // Bundled by lambda-code.ts (esbuild's API with bundling.ts), not by NodejsFunction's command line.
      code: bundledCode(handlerEntry(props.name)),
      handler: 'index.handler',
      // The newest Node.js runtime Lambda offers (AwsSolutions-L1); the code stays valid on Node 20,
      // which the toolchain runs on (docs/architecture.md, toolchain facts).
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      // At rest under the stage's key rather than Lambda's own: the environment holds the email-hash
      // key, and this way only someone who may decrypt with the data key can read it from the
      // function's configuration. Lambda decrypts it at each cold start through a grant it creates on
      // the key for this role when the function is deployed, so the role holds no kms:Decrypt for it.
      environmentEncryption: props.dataKey,
      // Powertools writes JSON; Lambda's own JSON format lets the level filter below apply to it.
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: {
        ...settingsToEnvironment({ ...props.settings, publicBaseUrl: props.publicBaseUrl }, props.needs.settings ?? []),
        POWERTOOLS_SERVICE_NAME: `threshold-${props.name}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Where the failures metric goes (shared/metrics.ts); the alarm reads the same namespace.
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(props.stage),
        ...(lambdaNodeOptions.length > 0 ? { NODE_OPTIONS: lambdaNodeOptions.join(' ') } : {}),
        ...props.environment,
      },
    });

    this.functionRole = role;
    this.functionLogGroup = logGroup;
    const functionName = `threshold-${props.stage}-${props.name}`;
    this.node.addValidation({
      validate: () => environmentSizeErrors(functionName, variablesOf.get(this) ?? new Map()),
    });
    logGroup.grantWrite(role);

    this.meetNeeds(props.name, props.needs, props.resources);

    Validations.of(this).acknowledge({
      id: 'HIPAA.Security-LambdaInsideVPC',
      reason:
        props.outsideVpcReason ??
        'The function reaches only DynamoDB, SES, KMS (through DynamoDB) and X-Ray: regional AWS APIs over TLS, authorised by IAM. There is no VPC resource to reach, and a VPC would add NAT or endpoint cost and cold-start latency without narrowing that path.',
    });
  }

  override addEnvironment(key: string, value: string, options?: EnvironmentOptions): this {
    // Also called from the base constructor, before this class's fields exist: hence a WeakMap.
    let variables = variablesOf.get(this);
    if (!variables) variablesOf.set(this, (variables = new Map()));
    variables.set(key, value);
    return super.addEnvironment(key, value, options);
  }

  private meetNeeds(name: FunctionName, needs: FunctionNeeds, resources: FunctionResources): void {
    const missing = (need: string, what: string): Error =>
      new Error(
        `shared/manifest/needs.ts says ${name} needs ${need}, but the stack of ${this.node.path} has no ${what} to give it.`,
      );
    this.bindTable(resources.table, needs.table);
    if (needs.emailHashKey) this.addEnvironment('EMAIL_HASH_KEY', resources.emailHashKey);
    if (needs.sendEmail || needs.sesConfigurationSet) {
      if (!resources.email)
        throw missing(needs.sendEmail ? 'sendEmail' : 'sesConfigurationSet', 'SES configuration set');
      this.addEnvironment('SES_CONFIGURATION_SET', resources.email.configurationSetName);
    }
    if (needs.sendEmail && resources.email) this.bindEmailSending(resources.email);
    if (needs.consoleIdentity) {
      const identity = resources.consoleIdentity;
      if (!identity) throw missing('consoleIdentity', 'console app client');
      this.addEnvironment('USER_POOL_ID', identity.userPoolId);
      this.addEnvironment('CONSOLE_CLIENT_ID', identity.clientId);
      this.addEnvironment('COGNITO_DOMAIN_URL', identity.domainUrl);
    }
  }

  /**
   * Any identity, but only From the stage's sender address and through its configuration set, so every
   * send is TLS-only and reports bounces. Any identity because SES authorises a send against every
   * identity it involves: the sender's, and in the SES sandbox each recipient's too (verified there),
   * so a policy naming the sender's identity alone refuses every email of a new account. The From
   * address is what matters, and `ses:FromAddress` holds it to the one the stage verified.
   */
  private bindEmailSending(email: FunctionEmail): void {
    const stack = Stack.of(this);
    this.functionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: email.configurationSetName }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': email.senderEmail } },
      }),
    );
    // The finding names the ARN as cdk-nag prints it: literal where the stack pins it, a pseudo parameter where not.
    const shown = (value: string, pseudo: string): string => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    Validations.of(this.functionRole.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, 'Partition')}:ses:${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}:identity/*]`,
      reason:
        "SES checks permission on every identity a send involves, in the sandbox each recipient's as well; the statement is held to the stage's one From address by ses:FromAddress and to its configuration set.",
    });
  }

  /**
   * Least privilege on the one table: item-level actions on the table and its named indexes only
   * (no Scan, no table management), and the key operations DynamoDB performs on the caller's behalf.
   */
  private bindTable(table: ITable, access: FunctionNeeds['table']): void {
    const { actions, indexes } =
      typeof access === 'string'
        ? {
            actions: access === 'read' ? readActions : [...readActions, ...writeActions],
            indexes: Object.keys(tableDefinition.indexes) as IndexName[],
          }
        : access;
    this.functionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
    );
    // Indexes are read-only in DynamoDB; Query is the only call that targets one.
    if (indexes.length > 0)
      this.functionRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexes.map((i) => `${table.tableArn}/index/${tableDefinition.indexes[i].name}`),
        }),
      );
    if (table.encryptionKey) {
      const writes = actions.some((a) => writeActions.includes(a));
      const keyActions = writes
        ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']
        : ['kms:Decrypt', 'kms:DescribeKey'];
      this.functionRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: keyActions,
          resources: [table.encryptionKey.keyArn],
          // The table key is usable only through DynamoDB, never for direct encrypt/decrypt calls.
          // DynamoDB calls KMS on the caller's behalf with kms:ViaService dynamodb.<region>.amazonaws.com
          // for the table, its indexes and its stream alike: a stream reader's GetRecords (made with
          // this role by the event source mapping) is decrypted under this same statement. AWS KMS
          // Developer Guide, "How Amazon DynamoDB uses AWS KMS" (its key policy example conditions on
          // exactly that value): https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html
          // test/infra/mailer-policy.test.ts evaluates the statement for both stream readers.
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    this.addEnvironment('TABLE_NAME', table.tableName);
  }
}
