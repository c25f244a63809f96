/**
 * Stateless: the HTTP API and one Lambda per capability, both built from the one route list
 * (functions/routes.ts). Safe to destroy and redeploy at any time; all state arrives as props.
 */
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { capabilities, routeKey, routes, routesOf, type Capability, type Route } from '../../functions/routes.js';
import type { StageConfig } from '../config.js';
import { FunctionAlarms, raiseAlarm } from '../constructs/alarms.js';
import { ThresholdFunction } from '../constructs/threshold-function.js';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly table: ITable;
  readonly key: IKey;
  readonly emailHashKeySecret: ISecret;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly alarmTopic: ITopic;
}

/**
 * Capabilities that use the keyed-hash secret: hashing email addresses (one enquiry per person per day,
 * recognising a returning client), and for calendars deriving feed tokens and hashing the addresses
 * that guess at them.
 */
const hashesEmails: ReadonlySet<Capability> = new Set<Capability>(['enquiries', 'consultations', 'rebooking', 'calendars']);

const descriptions: Record<Capability, string> = {
  enquiries: 'First contact: enquiries and one-click actions from emails',
  consultations: 'Initial consultations: slots, booking, cancelling, moving',
  rebooking: 'Returning after a break: invitations and return requests',
  therapist: "The therapist's authenticated API",
  calendars: "The therapist's own calendars: the private feed of bookings, busy calendars",
};

/**
 * Why a public route is public. Every route marked `auth: 'public'` needs a reason here (or a
 * `{token}` in its path); otherwise cdk-nag's AwsSolutions-APIG4 fails synth, so a new public
 * route is a decision someone wrote down.
 */
const publicReasons: Record<string, string> = {
  health: 'Liveness probe for monitoring; returns no data.',
  createEnquiry:
    'First contact is made by people who have no account and must not need one. Abuse is bounded by the stage throttle, per-address and per-email rate limits, a honeypot field and idempotent retries; the response never reveals whether the person is known.',
  calendarFeed:
    "Calendar apps (Google, Apple, Outlook) fetch a subscribed feed without credentials of their own: the 256-bit token in the file name is the credential, its hash is looked up, and it opens nothing but that therapist's feed. Wrong guesses are limited per address; the therapist can rotate the URL at any time.",
  submitReturn:
    'A former client asking to come back has no account, as at first contact. The same rate limits, honeypot and idempotency apply, and the answer is identical whether or not the email belongs to a client, so the route reveals nothing.',
};
const tokenReason =
  'Reached from a link in an email by someone without an account: the random, single-use, expiring token in the path is the credential. The use case checks its hash, purpose and subject; it authorises nothing beyond them.';

const methods: Record<Route['method'], HttpMethod> = { GET: HttpMethod.GET, POST: HttpMethod.POST, PUT: HttpMethod.PUT, DELETE: HttpMethod.DELETE };

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: ReadonlyMap<Capability, ThresholdFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.api = new HttpApi(this, 'Api', {
      apiName: `threshold-${config.stage}`,
      description: `Threshold ${config.stage}: enquiries, bookings and the therapist API`,
      // The stage is declared below so it can carry throttling and access logs.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...config.allowedOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/threshold-${config.stage}-access`,
      retention: config.logRetention,
      encryptionKey: props.key,
      removalPolicy: config.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No personal data: no source IP, no user agent, and the route template ($context.routeKey)
        // instead of the path, because paths carry single-use tokens (/actions/{token}).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLatency: '$context.responseLatency',
            responseLength: '$context.responseLength',
            integrationStatus: '$context.integrationStatus',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const authorizer = new HttpUserPoolAuthorizer('Therapists', props.userPool, {
      authorizerName: 'therapists',
      userPoolClients: [props.userPoolClient],
    });

    const functions = new Map<Capability, ThresholdFunction>();
    for (const capability of capabilities) {
      const own = routesOf(capability);
      if (own.length === 0) continue;
      const fn = new ThresholdFunction(this, `${pascal(capability)}Function`, {
        name: capability,
        stage: config.stage,
        description: `${descriptions[capability]}: ${own.map(routeKey).join(', ')}`.slice(0, 256),
        settings: config.settings,
        logRetention: config.logRetention,
        logKey: props.key,
        logRemovalPolicy: config.removalPolicy,
      }).bindTable({ table: props.table, accessMode: 'readWrite' });
      if (hashesEmails.has(capability)) fn.bindEmailHashKey(props.emailHashKeySecret);

      Validations.of(fn).acknowledge({
        id: 'HIPAA.Security-LambdaConcurrency',
        reason:
          "Concurrency is bounded at the front door by the HTTP API stage throttle. Reserving concurrency per function would take capacity from the account pool (a new account has 10 in total, and the deployment would fail there) without adding a bound the throttle does not already give.",
      });
      Validations.of(fn).acknowledge({
        id: 'HIPAA.Security-LambdaDLQ',
        reason:
          'Invoked synchronously by API Gateway: the caller receives every failure as a response, and a function dead-letter queue only ever receives failed asynchronous invocations, so it would stay empty. Errors raise the function error alarm.',
      });
      new FunctionAlarms(this, `${pascal(capability)}Alarms`, { fn, name: `threshold-${config.stage}-${capability}`, topic: props.alarmTopic });
      functions.set(capability, fn);
    }
    this.functions = functions;

    const integrations = new Map<Capability, HttpLambdaIntegration>();
    for (const route of routes as readonly Route[]) {
      const fn = functions.get(route.capability);
      if (!fn) throw new Error(`No function for capability ${route.capability}`);
      let integration = integrations.get(route.capability);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.capability)}Integration`, fn);
        integrations.set(route.capability, integration);
      }
      const httpRoute = new HttpRoute(this, `Route${pascal(route.operation)}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, methods[route.method]),
        integration,
        ...(route.auth === 'therapist' ? { authorizer } : {}),
      });
      if (route.auth === 'public') {
        const reason = route.path.includes('{token}') ? tokenReason : publicReasons[route.operation];
        if (reason) Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: `Public by design (${routeKey(route)}). ${reason}` });
      }
    }

    const period = Duration.minutes(5);
    raiseAlarm(this, 'Api5xxRate', props.alarmTopic, {
      metric: new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { errors: this.api.metricServerError({ period, statistic: 'Sum' }), requests: this.api.metricCount({ period, statistic: 'Sum' }) },
        period,
        label: '5xx responses, % of requests',
      }),
      description: `threshold-${config.stage} API: 5% or more of requests failed with 5xx over five minutes.`,
      threshold: 5,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the public API (settings.publicBaseUrl should point here or at its custom domain)' });
  }
}

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
