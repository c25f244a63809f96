/**
 * Stateless: the HTTP API and one Lambda per capability, both built from the one route list
 * (shared/manifest/routes.ts), and the console's app client, whose callback is this API's own URL. Safe to
 * destroy and redeploy at any time; all state arrives as props. (Replacing the console client signs
 * therapists out of the console; their accounts live in the identity stack.)
 */
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  DomainName,
  EndpointType,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  CfnManagedLoginBranding,
  type CfnUserPoolDomain,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type IUserPool,
  type IUserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { functionNeeds, type FunctionNeeds } from '#shared/manifest/needs.js';
import {
  capabilities,
  routeKey,
  routes,
  type Capability,
  type FunctionName,
  type Route,
} from '#shared/manifest/routes.js';
import type { StageConfig } from '../config.js';
import { cors } from '../cors.js';
import { FunctionAlarms, raiseAlarm } from '../constructs/alarms.js';
import { EmailHashKey } from '../constructs/email-hash-key.js';
import { ThresholdFunction } from '../constructs/threshold-function.js';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly table: ITable;
  readonly key: IKey;
  /** The data stack's email-hash key provider and the key's ciphertext: this stack opens its own copy. */
  readonly emailHashKeyServiceToken: string;
  readonly emailHashKeyCiphertext: string;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The Cognito domain of the user pool: the console sends therapists there to sign in. */
  readonly userPoolDomain: UserPoolDomain;
  readonly alarmTopic: ITopic;
  /** What each function needs; shared/manifest/needs.ts unless a test declares otherwise. */
  readonly needs?: Readonly<Record<FunctionName, FunctionNeeds>>;
  /** The route list; shared/manifest/routes.ts unless a test declares otherwise. */
  readonly routes?: readonly Route[];
}

const descriptions: Record<string, string> = {
  enquiries: 'First contact: enquiries and one-click actions from emails',
  consultations: 'Initial consultations: slots, booking, cancelling, moving',
  rebooking: 'Returning after a break: invitations and return requests',
  therapist: "The therapist's authenticated API",
  calendars: "The therapist's own calendars: the private feed of bookings, busy calendars",
  console: "The therapist's console: signed-in pages",
};

/**
 * Why a public route is public. Every route marked `auth: 'public'` needs a reason here (or a
 * `{token}` in its path); otherwise cdk-nag's AwsSolutions-APIG4 fails synth, so a new public
 * route is a decision someone wrote down.
 */
const publicReasons: Record<string, string> = {
  health: 'Liveness probe for monitoring; returns no data.',
  ready: 'Readiness probe for monitoring: one read of a fixed key that never holds an item; returns no data.',
  createEnquiry:
    'First contact is made by people who have no account and must not need one. Abuse is bounded by the stage throttle, per-address and per-email rate limits, a honeypot field and idempotent retries; the response never reveals whether the person is known.',
  calendarFeed:
    "Calendar apps (Google, Apple, Outlook) fetch a subscribed feed without credentials of their own: the 256-bit token in the file name is the credential, its hash is looked up, and it opens nothing but that therapist's feed. Wrong guesses are limited per address; the therapist can rotate the URL at any time.",
  submitReturn:
    'A former client asking to come back has no account, as at first contact. The same rate limits, honeypot and idempotency apply, and the answer is identical whether or not the email belongs to a client, so the route reveals nothing.',
  contactPage:
    "The contact page a person writes their first message from: it shows only the therapist's public name and the crisis lines, and may be framed only by the configured origins.",
  sendFromContactPage:
    "The contact page's form: the same first contact as createEnquiry, with the same rate limits, honeypot and identical answers.",
  returnPage: "The page for coming back after a break: the therapist's public name and the crisis lines only.",
  sendFromReturnPage:
    "The return page's form: the same as submitReturn, with the same answer and the same timing whoever sends it.",
  privacyNotice: 'The privacy notice people consent to before they have an account: public text, no data.',
  favicon: 'The icon browsers ask for beside every page: a fixed image, no data.',
};
/** Capabilities whose routes are all public at API Gateway because the function authenticates them itself. */
const publicCapabilityReasons: Record<string, string> = {
  console:
    "The console's pages are reached by a browser, which carries no bearer token: the function itself verifies the HttpOnly session cookie (aws-jwt-verify, the same issuer and audience as the JWT authorizer) and redirects a signed-out visit to sign-in; every form that acts carries a CSRF token bound to the session.",
};
const sessionReason =
  "A page of the therapist's console, opened by a browser that holds a session cookie, not a bearer token. The console function verifies the cookie's Cognito token itself (aws-jwt-verify, the same issuer and audience as the authorizer) and answers a signed-out visit with a redirect to sign-in; acting forms also need a CSRF token bound to the session.";
const tokenReason =
  'Reached from a link in an email by someone without an account: the random, single-use, expiring token in the path is the credential. The use case checks its hash, purpose and subject; it authorises nothing beyond them.';

const methods: Record<Route['method'], HttpMethod> = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  DELETE: HttpMethod.DELETE,
};

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: ReadonlyMap<Capability, ThresholdFunction>;
  /** The base of every link in emails and of the console's URLs: the custom domain, or the API's own URL. */
  readonly publicBaseUrl: string;
  /** The console's app client: managed login, authorization code with PKCE. */
  readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
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
    // Local-only routes (the local stack's sign-in without Cognito) are never built here.
    const deployed = (props.routes ?? (routes as readonly Route[])).filter((r) => !r.localOnly);

    this.api = new HttpApi(this, 'Api', {
      apiName: `threshold-${config.stage}`,
      description: `Threshold ${config.stage}: enquiries, bookings and the therapist API`,
      // The stage is declared below so it can carry throttling and access logs.
      createDefaultStage: false,
      // Only for a front end of your own on another origin; the built-in pages and console need none.
      // The same rules the local server answers preflight with (infra/cors.ts).
      ...(config.allowedOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...config.allowedOrigins],
              allowMethods: cors.allowMethods.map((m) => CorsHttpMethod[m]),
              allowHeaders: [...cors.allowHeaders],
              allowCredentials: cors.allowCredentials,
              maxAge: Duration.seconds(cors.maxAgeSeconds),
            },
          }
        : {}),
    });

    // The deployment itself says where it lives, so no second deploy (and no -c) is ever needed for
    // links to work, and none can lose it.
    const customDomain = config.customDomain
      ? new DomainName(this, 'CustomDomain', {
          domainName: config.customDomain.domainName,
          certificate: Certificate.fromCertificateArn(
            this,
            'CustomDomainCertificate',
            config.customDomain.certificateArn,
          ),
          endpointType: EndpointType.REGIONAL,
          securityPolicy: SecurityPolicy.TLS_1_2,
        })
      : undefined;
    this.publicBaseUrl = config.customDomain ? `https://${config.customDomain.domainName}` : this.api.apiEndpoint;

    // No fixed name, like the functions' log groups: kept on deletion in prod, so a fixed name would
    // stop the next deploy of this stateless stack.
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      encryptionKey: props.key,
      removalPolicy: config.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      ...(customDomain ? { domainMapping: { domainName: customDomain } } : {}),
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

    // The console: Cognito managed login, authorization code grant with PKCE. A public client (no
    // secret), so nothing secret is ever sent to a browser; MFA stays required by the pool.
    this.consoleClient = new UserPoolClient(this, 'ConsoleClient', {
      userPool: props.userPool,
      userPoolClientName: `threshold-${config.stage}-console`,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        // COGNITO_ADMIN (aws.cognito.signin.user.admin) lets the console's access token ask for
        // GlobalSignOut: "sign out everywhere" (functions/console/sign-in/user-pool.ts).
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE, OAuthScope.COGNITO_ADMIN],
        callbackUrls: [`${this.publicBaseUrl}/console/callback`],
        logoutUrls: [`${this.publicBaseUrl}/console/signed-out`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // A working day: a console left signed in on a shared machine is not signed in the next morning.
      refreshTokenValidity: Duration.hours(12),
    });
    // A style assigned to the client is what turns managed login's pages on for it; Cognito's own.
    new CfnManagedLoginBranding(this, 'ConsoleSignInStyle', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    const consoleIdentity = {
      userPoolId: props.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      domainUrl: cognitoDomainUrl(this, props.userPoolDomain, config),
    };

    // Tokens of the therapist app and of the console are both accepted.
    const authorizer = new HttpUserPoolAuthorizer('Therapists', props.userPool, {
      authorizerName: 'therapists',
      userPoolClients: [props.userPoolClient, this.consoleClient],
    });

    const functions = new Map<Capability, ThresholdFunction>();
    for (const capability of capabilities) {
      const own = deployed.filter((r) => r.capability === capability);
      if (own.length === 0) continue;
      const fn = new ThresholdFunction(this, `${pascal(capability)}Function`, {
        name: capability,
        stage: config.stage,
        description: `${descriptions[capability] ?? capability}: ${own.map(routeKey).join(', ')}`.slice(0, 256),
        settings: config.settings,
        publicBaseUrl: this.publicBaseUrl,
        logRetention: config.logRetention,
        dataKey: props.key,
        logRemovalPolicy: config.removalPolicy,
        needs: needs[capability],
        resources: { table: props.table, emailHashKey: emailHashKey.key, consoleIdentity },
      });

      Validations.of(fn).acknowledge({
        id: 'HIPAA.Security-LambdaConcurrency',
        reason:
          'Concurrency is bounded at the front door by the HTTP API stage throttle. Reserving concurrency per function would take capacity from the account pool (a new account has 10 in total, and the deployment would fail there) without adding a bound the throttle does not already give.',
      });
      Validations.of(fn).acknowledge({
        id: 'HIPAA.Security-LambdaDLQ',
        reason:
          'Invoked synchronously by API Gateway: the caller receives every failure as a response, and a function dead-letter queue only ever receives failed asynchronous invocations, so it would stay empty. Errors raise the function error alarm.',
      });
      // The fuller set only: in the default set the 5xx alarm below stands for every API function.
      if (config.alarms === 'full')
        new FunctionAlarms(this, `${pascal(capability)}Alarms`, {
          fn,
          name: `threshold-${config.stage}-${capability}`,
          topic: props.alarmTopic,
        });
      functions.set(capability, fn);
    }
    this.functions = functions;

    const integrations = new Map<Capability, HttpLambdaIntegration>();
    for (const route of deployed) {
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
      if (route.auth === 'session')
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `Session-checked by the function (${routeKey(route)}). ${sessionReason}`,
        });
      if (route.auth === 'public') {
        const reason =
          publicCapabilityReasons[route.capability] ??
          (route.path.includes('{token}') ? tokenReason : publicReasons[route.operation]);
        if (reason)
          Validations.of(httpRoute).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `Public by design (${routeKey(route)}). ${reason}`,
          });
      }
    }

    // Any failure of an API function (an error, a timeout, an invocation API Gateway could not make)
    // reaches the caller as a 5xx: counted, one alarm metric, where a rate would read two. At this
    // product's traffic every 5xx is a person whose message or booking may not have gone through.
    raiseAlarm(this, 'Api5xxAlarm', props.alarmTopic, {
      metric: this.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      description: `threshold-${config.stage} API: requests failed with 5xx. The access log (AccessLogGroup output) names the route and integrationError; the function's log has the error by requestId.`,
      threshold: 1,
    });

    new CfnOutput(this, 'AccessLogGroup', {
      value: accessLogs.logGroupName,
      description: "The API's access log group",
    });
    new CfnOutput(this, 'ApiUrl', {
      value: this.stage.url,
      description: "The API's own URL (execute-api), for smoke tests: npm run smoke -- --url <ApiUrl>",
    });
    new CfnOutput(this, 'PublicBaseUrl', {
      value: this.publicBaseUrl,
      description: 'Where email links and the console point: the custom domain, or the API URL',
    });
    new CfnOutput(this, 'ConsoleUrl', {
      value: `${this.publicBaseUrl}/console`,
      description: "The therapists' console",
    });
    new CfnOutput(this, 'ConsoleClientId', {
      value: this.consoleClient.userPoolClientId,
      description: "The console's app client (managed login, code grant with PKCE)",
    });
    if (customDomain)
      new CfnOutput(this, 'CustomDomainTarget', {
        value: customDomain.regionalDomainName,
        description: `Point a CNAME (or alias) for ${config.customDomain!.domainName} here`,
      });
  }
}

/**
 * The console's sign-in address, written into this stack's template as text rather than read from
 * the identity stack's outputs. The app's cross-stack references are weak (cdk.json): a reference
 * reads the producer's output at deploy time, so a new `cognitoDomainPrefix` changes the identity
 * stack alone, this template stays byte for byte the same, `cdk deploy --all` skips it as unchanged,
 * and the console goes on sending therapists to the deleted domain. With the prefix in the text, the
 * same change changes this template and the console function's environment. The prefix is a stage
 * value known at synth, and the domain is built from the same one (checked here); this stack still
 * depends on the identity stack, so the new domain exists before the console points at it.
 */
function cognitoDomainUrl(stack: Stack, domain: UserPoolDomain, config: StageConfig): string {
  const declared = (domain.node.defaultChild as CfnUserPoolDomain).domain;
  if (declared !== config.cognitoDomainPrefix)
    throw new Error(
      `The user pool domain (${declared}) is not the stage's cognitoDomainPrefix (${config.cognitoDomainPrefix}).`,
    );
  stack.addStackDependency(Stack.of(domain), 'the console signs in at the user pool domain');
  return `https://${config.cognitoDomainPrefix}.auth.${stack.region}.amazoncognito.com`;
}

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
