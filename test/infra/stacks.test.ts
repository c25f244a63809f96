/**
 * The synthesized templates, per stage, without bundling (context `aws:cdk:bundling-stacks: []`):
 * what the architecture promises about data, compute, routes and alarms, and the cdk-nag verdict.
 */
import { readFileSync } from 'node:fs';
import { App, Validations, type Acknowledgment } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { functionNeeds, type FunctionNeeds, type Need } from '#shared/manifest/needs.js';
import {
  backgroundFunctions,
  capabilities,
  routes,
  routesOf,
  type FunctionName,
  type Route,
} from '#shared/manifest/routes.js';
import { createTableInput } from '#shared/store/table.js';
import { failuresMetric } from '#shared/failures-metric.js';
import { loadStageConfig } from '#infra/config.js';
import { cors } from '#infra/cors.js';
import { addThresholdStacks, type ThresholdOptions, type ThresholdStacks } from '#infra/stacks/threshold.js';
import { scopes } from '#functions/console/sign-in/cognito.js';
import { invitation } from '#infra/stacks/identity-messages.js';
import { fleschReadingEase } from '../unit/email/readability.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};
const stages = cdkJson.context.stages as Record<string, Record<string, unknown>>;

/**
 * The app as `cdk synth -c stage=<stage>` builds it, with cdk.json's feature flags and stages as
 * shipped, minus bundling. CDK's built-in CloudFormation validation (a WASM engine, most of a synth's
 * time) runs only where a test asks for it; the cdk-nag plugins always run.
 */
function buildApp(
  stage: 'dev' | 'prod' | 'local',
  {
    cloudFormationValidation = false,
    context = {},
    options = {},
  }: { cloudFormationValidation?: boolean; context?: Record<string, unknown>; options?: ThresholdOptions } = {},
): { app: App; stacks: ThresholdStacks } {
  const app = new App({
    builtinCloudFormationValidation: cloudFormationValidation,
    context: { ...cdkJson.context, stage, 'aws:cdk:bundling-stacks': [], ...context },
  });
  return { app, stacks: addThresholdStacks(app, loadStageConfig(app.node), options) };
}

const apiCapabilities = capabilities.filter((c) => routesOf(c).length > 0);

interface Templates {
  data: Template;
  identity: Template;
  api: Template;
  messaging: Template;
}

function templates(stacks: ThresholdStacks): Templates {
  // The first fromStack synthesizes the app, which runs the cdk-nag packs: a finding without an
  // acknowledgement fails here as it would fail `cdk synth`.
  return {
    data: Template.fromStack(stacks.data),
    identity: Template.fromStack(stacks.identity),
    api: Template.fromStack(stacks.api),
    messaging: Template.fromStack(stacks.messaging),
  };
}

/** Each function of a template by its short name, with its environment and every action its role's policies allow. */
function allFunctions(t: Template): { name: FunctionName; env: Record<string, unknown>; actions: string[] }[] {
  const policies = Object.values(t.findResources('AWS::IAM::ManagedPolicy'));
  return Object.values(t.findResources('AWS::Lambda::Function')).map((f) => {
    const role = (f.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = policies
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[] }[])
      .filter((s) => s.Effect === 'Allow');
    const actions = [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))];
    // threshold-<stage>-<name>, where a name may itself hold a hyphen (calendar-sync).
    const full = f.Properties.FunctionName as string;
    const name = [...capabilities, ...backgroundFunctions]
      .filter((n) => full.endsWith(`-${n}`))
      .sort((a, b) => b.length - a.length)[0] as FunctionName;
    return { name, env: f.Properties.Environment.Variables as Record<string, unknown>, actions };
  });
}

const apps: Partial<Record<'dev' | 'prod', App>> = {};
let dev: Templates;
let prod: Templates;
beforeAll(() => {
  const d = buildApp('dev');
  const p = buildApp('prod');
  apps.dev = d.app;
  apps.prod = p.app;
  dev = templates(d.stacks);
  prod = templates(p.stacks);
});

describe('data stack', () => {
  it('builds the one table from shared/store/table.ts, as the local stack does', () => {
    const local = createTableInput('local');
    dev.data.resourceCountIs('AWS::DynamoDB::Table', 1);
    dev.data.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: local.KeySchema,
      AttributeDefinitions: Match.arrayWith(local.AttributeDefinitions!.map((a) => Match.objectLike(a))),
      GlobalSecondaryIndexes: local.GlobalSecondaryIndexes!.map((i) =>
        Match.objectLike({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: { ProjectionType: 'ALL' } }),
      ),
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
      },
    });
  });

  it('uses a customer-managed key with rotation', () => {
    dev.data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('generates the email-hash key with the data key at deploy, with no paid secret anywhere', () => {
    dev.data.hasResourceProperties('Custom::EmailHashKey', {
      KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
      Stage: 'dev',
      Ciphertext: Match.absent(),
    });
    for (const t of Object.values(dev)) t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    // The handler may generate and open only keys bound to this purpose and stage.
    const statements = Object.values(dev.data.findResources('AWS::IAM::ManagedPolicy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    const keyUse = statements.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('kms:')));
    expect(keyUse).toEqual([
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Condition: {
          StringEquals: { 'kms:EncryptionContext:purpose': 'email-hash-key', 'kms:EncryptionContext:stage': 'dev' },
        },
      }),
    ]);
  });

  it('keeps a key the stage already had when its ciphertext is configured, instead of generating one', () => {
    const ciphertext = Buffer.alloc(184, 7).toString('base64');
    const { stacks } = buildApp('dev', { context: { emailHashKeyCiphertext: ciphertext } });
    Template.fromStack(stacks.data).hasResourceProperties('Custom::EmailHashKey', { Ciphertext: ciphertext });
  });

  it('passes only the ciphertext between stacks: each compute stack opens its own copy, and no output holds the key', () => {
    for (const t of [dev.api, dev.messaging]) {
      t.hasResourceProperties('Custom::EmailHashKey', { Ciphertext: Match.anyValue(), Stage: 'dev' });
      const keyOf = Object.keys(t.findResources('Custom::EmailHashKey'));
      for (const fn of allFunctions(t).filter((f) => (functionNeeds[f.name] as FunctionNeeds).emailHashKey))
        expect(fn.env.EMAIL_HASH_KEY, fn.name).toEqual({ 'Fn::GetAtt': [keyOf[0], 'Key'] });
    }
    for (const t of Object.values(dev))
      expect(JSON.stringify(t.toJSON().Outputs ?? {})).not.toMatch(/EmailHashKey[A-Za-z0-9]*",\s*"Key"/);
  });

  it("encrypts every function's environment (which holds the key) with the data key", () => {
    for (const t of [dev.api, dev.messaging]) {
      // The data key as this stack imports it: the same reference its log groups are encrypted with.
      const dataKey = Object.values(t.findResources('AWS::Logs::LogGroup'))[0]!.Properties.KmsKeyId;
      expect(JSON.stringify(dataKey)).toMatch(/DataKey/);
      for (const fn of Object.values(t.findResources('AWS::Lambda::Function')))
        expect(fn.Properties.KmsKeyArn, fn.Properties.FunctionName).toEqual(dataKey);
    }
  });

  it('retains and deletion-protects data in prod', () => {
    prod.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    prod.data.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    prod.identity.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
  });

  it('keeps dev disposable', () => {
    dev.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    dev.identity.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
  });

  it('encrypts the alarm topic and subscribes the alarm email when one is configured', () => {
    dev.data.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    dev.data.resourceCountIs('AWS::SNS::Subscription', 0);
    prod.data.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@set-me.invalid' });
  });
});

describe('alarm topic', () => {
  it("lets CloudWatch publish, only for this account's alarms, beside the TLS-only deny", () => {
    const policies = Object.values(dev.data.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(1);
    const statements = policies[0]!.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    const allow = statements.filter((s) => s.Effect === 'Allow');
    expect(allow).toEqual([
      {
        Sid: expect.any(String),
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: expect.stringMatching(/^AlarmTopic/) },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          // The dev stage pins its region; partition and account come from the deployment.
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': ['', ['arn:aws:cloudwatch:eu-west-2:', { Ref: 'AWS::AccountId' }, ':alarm:*']],
            },
          },
        },
      },
    ]);
    expect(
      statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport')),
    ).toBe(true);
  });
});

describe('identity stack', () => {
  it("keeps the therapist app client SRP-only: OAuth off, so none of CDK's defaults (implicit flow, example.com callback, every scope)", () => {
    const client = Object.values(dev.identity.findResources('AWS::Cognito::UserPoolClient')).find((c) =>
      /therapist-app$/.test(c.Properties.ClientName),
    )!.Properties;
    expect(client.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlowsUserPoolClient).not.toBe(true);
    for (const field of ['AllowedOAuthFlows', 'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs'])
      expect(client[field], field).toBeUndefined();
  });

  it("invites a therapist in Threshold's voice: what it is, how to sign in at the console, that an authenticator app is asked for", () => {
    const pool = Object.values(dev.identity.findResources('AWS::Cognito::UserPool'))[0]!.Properties;
    const invite = pool.AdminCreateUserConfig.InviteMessageTemplate as { EmailSubject: string; EmailMessage: string };
    expect(invite.EmailSubject).toBe('Your Threshold sign-in');
    // Cognito refuses an invitation without both placeholders: the email address and the temporary password.
    expect(invite.EmailMessage).toContain('{username}');
    expect(invite.EmailMessage).toContain('{####}');
    expect(invite.EmailMessage).toContain(
      'Threshold is where people who would like to work with you send their first message.',
    );
    expect(invite.EmailMessage).toContain('ends in /console');
    expect(invite.EmailMessage).toContain('Set up an authenticator app');
    expect(invite.EmailMessage).toContain('works for 3 days');
    const verify = pool.VerificationMessageTemplate as {
      DefaultEmailOption: string;
      EmailSubject: string;
      EmailMessage: string;
    };
    expect(verify.DefaultEmailOption).toBe('CONFIRM_WITH_CODE');
    expect(verify.EmailSubject).toBe('Your Threshold code');
    expect(verify.EmailMessage).toContain('{####}');
    expect(pool.EmailVerificationMessage ?? verify.EmailMessage).toContain('{####}');
    for (const body of [invite.EmailMessage, verify.EmailMessage]) {
      const text = body.replace(/<[^>]+>/g, ' ').replace(/\{[^}]+\}/g, 'code');
      expect(fleschReadingEase(text), text).toBeGreaterThanOrEqual(60);
      expect(body).not.toMatch(/!|therapy|counselling|mental health/i);
    }
    // With a custom domain synth knows the console's address, and the invitation links to it.
    expect(
      invitation({ consoleUrl: 'https://care.example.org/console', temporaryPasswordDays: 3 }).emailBody,
    ).toContain('<a href="https://care.example.org/console">https://care.example.org/console</a>');
  });

  it('outputs what npm run therapist reads: the user pool id here, the table name from the data stack', () => {
    dev.identity.hasOutput('UserPoolId', { Value: { Ref: Match.stringLikeRegexp('^Therapists') } });
    dev.data.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('^Table') } });
  });

  it('requires MFA and allows no self sign-up', () => {
    dev.identity.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });
});

describe('functions', () => {
  const functionsOf = (t: Template) => Object.values(t.findResources('AWS::Lambda::Function'));

  it('builds one function per capability with routes, and the mailer, the sweep, the suppressions function and the calendar sync', () => {
    const names = [...functionsOf(dev.api), ...functionsOf(dev.messaging)]
      .map((f) => f.Properties.FunctionName as string)
      .sort();
    expect(names).toEqual(
      [...apiCapabilities, 'mailer', 'sweep', 'suppressions', 'calendar-sync'].map((n) => `threshold-dev-${n}`).sort(),
    );
  });

  it('runs every function on Node.js 22 or newer, on arm64, traced, logging JSON to its own log group', () => {
    for (const t of [dev.api, dev.messaging]) {
      for (const fn of functionsOf(t)) {
        const p = fn.Properties;
        expect(Number(/^nodejs(\d+)\.x$/.exec(p.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
        expect(p.Architectures).toEqual(['arm64']);
        expect(p.TracingConfig).toEqual({ Mode: 'Active' });
        expect(p.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/Logs/) } });
        expect(p.Environment.Variables).toMatchObject({
          TABLE_NAME: expect.anything(),
          SENDER_EMAIL: 'hello@example.org',
        });
      }
      t.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, KmsKeyId: Match.anyValue() });
    }
  });

  it('lets functions use keys only through the service that holds the data (kms:ViaService), as docs/operations.md says', () => {
    for (const t of [dev.api, dev.messaging]) {
      const statements = Object.values(t.findResources('AWS::IAM::ManagedPolicy')).flatMap(
        (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
      );
      const keyUse = statements.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('kms:')));
      expect(keyUse.length).toBeGreaterThan(0);
      for (const s of keyUse)
        expect(s.Condition, JSON.stringify(s)).toMatchObject({ StringEquals: { 'kms:ViaService': expect.anything() } });
    }
  });

  it('gives functions no AWS managed policy and no inline policy', () => {
    for (const t of [dev.api, dev.messaging]) {
      t.resourceCountIs('AWS::IAM::Policy', 0);
      for (const role of Object.values(t.findResources('AWS::IAM::Role')))
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  /**
   * What each need means in a template: the environment the function code reads (shared/config.ts,
   * the mailer and suppressions handlers) and the IAM actions that make it work. Which function has
   * which need comes from shared/manifest/needs.ts, the declaration CDK and the local stack both use.
   */
  const meaning: Record<Need, { env: string[]; actions: string[] }> = {
    emailHashKey: { env: ['EMAIL_HASH_KEY'], actions: [] },
    sendEmail: { env: ['SES_CONFIGURATION_SET'], actions: ['ses:SendEmail', 'ses:SendRawEmail'] },
    sesConfigurationSet: { env: ['SES_CONFIGURATION_SET'], actions: [] },
    consoleIdentity: { env: ['USER_POOL_ID', 'CONSOLE_CLIENT_ID', 'COGNITO_DOMAIN_URL'], actions: [] },
  };
  const tableWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
  const governedEnv = new Set(['TABLE_NAME', ...Object.values(meaning).flatMap((m) => m.env)]);
  const governedActions = new Set([
    ...tableWrites,
    'dynamodb:GetItem',
    ...Object.values(meaning).flatMap((m) => m.actions),
  ]);

  function expected(needs: FunctionNeeds): { env: string[]; actions: string[] } {
    const env = new Set(['TABLE_NAME']);
    const table = needs.table;
    const tableActions =
      typeof table === 'string'
        ? ['dynamodb:GetItem', ...(table === 'readWrite' ? tableWrites : [])]
        : table.actions.map((a) => `dynamodb:${a}`).filter((a) => governedActions.has(a));
    const actions = new Set(tableActions);
    for (const need of Object.keys(meaning) as Need[]) {
      if (!needs[need]) continue;
      meaning[need].env.forEach((e) => env.add(e));
      meaning[need].actions.forEach((a) => actions.add(a));
    }
    return { env: [...env].sort(), actions: [...actions].sort() };
  }

  it('gives every function exactly what shared/manifest/needs.ts declares for it: environment and permissions', () => {
    const synthesized = [...allFunctions(dev.api), ...allFunctions(dev.messaging)];
    expect(synthesized.map((f) => f.name).sort()).toEqual([...apiCapabilities, ...backgroundFunctions].sort());
    for (const fn of synthesized) {
      const want = expected(functionNeeds[fn.name]);
      expect(
        Object.keys(fn.env)
          .filter((k) => governedEnv.has(k))
          .sort(),
        `${fn.name} environment`,
      ).toEqual(want.env);
      expect(fn.actions.filter((a) => governedActions.has(a)).sort(), `${fn.name} permissions`).toEqual(want.actions);
    }
  });

  it('lets the erasure route reach the email-hash key: the therapist function holds it', () => {
    expect(routes.find((r) => r.operation === 'erasePerson')?.capability).toBe('therapist');
    const therapist = allFunctions(dev.api).find((f) => f.name === 'therapist')!;
    expect(therapist.env.EMAIL_HASH_KEY).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EmailHashKey/), 'Key'] });
  });
});

describe('stateless stacks', () => {
  it('can be destroyed and deployed again in prod: nothing they keep on deletion holds a fixed name', () => {
    for (const [stack, t] of [
      ['api', prod.api],
      ['messaging', prod.messaging],
    ] as const) {
      const retained = Object.entries(
        t.toJSON().Resources as Record<
          string,
          { Type: string; DeletionPolicy?: string; Properties?: Record<string, unknown> }
        >,
      ).filter(([, r]) => r.DeletionPolicy === 'Retain');
      // Log groups are kept (their retention still applies), under names CloudFormation generates.
      expect(retained.length, `${stack}: retained resources`).toBeGreaterThan(0);
      for (const [id, r] of retained) {
        const named = Object.entries(r.Properties ?? {}).filter(([k, v]) => /Name$/.test(k) && typeof v === 'string');
        expect(named, `${stack} ${id} (${r.Type}) is retained under a fixed name`).toEqual([]);
      }
    }
  });
});

describe('api stack', () => {
  it('declares one route per entry in shared/manifest/routes.ts, authorised as the entry says', () => {
    const deployed = (routes as readonly Route[]).filter((r) => !r.localOnly);
    dev.api.resourceCountIs('AWS::ApiGatewayV2::Route', deployed.length);
    for (const route of deployed) {
      dev.api.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: route.auth === 'therapist' ? 'JWT' : 'NONE',
        ...(route.auth === 'therapist' ? { AuthorizerId: Match.anyValue() } : {}),
      });
    }
    dev.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: [Match.anyValue(), Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it("builds the console's pages without an authorizer (the function checks the session cookie), and never the local sign-in", () => {
    const keys = Object.values(dev.api.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey as string,
    );
    expect(keys).toContain('GET /console/sign-in');
    expect(keys).toContain('GET /console/callback');
    expect(keys).not.toContain('POST /console/sign-in');
    for (const route of routes as readonly Route[])
      if (route.localOnly) expect(keys).not.toContain(`${route.method} ${route.path}`);
    dev.api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /console', AuthorizationType: 'NONE' });
  });

  it('allows only the configured origins, with the rules the local server answers preflight with', () => {
    dev.api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://app.example.org'],
        AllowMethods: [...cors.allowMethods],
        AllowHeaders: [...cors.allowHeaders],
        AllowCredentials: cors.allowCredentials,
        MaxAge: cors.maxAgeSeconds,
      },
    });
  });

  it('throttles the default stage and logs access without paths, addresses or user agents', () => {
    const stage = Object.values(dev.api.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties;
    expect(stage.StageName).toBe('$default');
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 });
    const format = JSON.parse(stage.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format).join(' ')).not.toMatch(
      /\$context\.(path|identity\.sourceIp|identity\.userAgent|requestOverride)/,
    );
  });

  it('alarms on any 5xx (one metric) by default, and on each function error and throttle only in the full set', () => {
    dev.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5xx',
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Sum',
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
    for (const metric of ['Errors', 'Throttles'])
      dev.api.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: metric }, 0);
    const full = Template.fromStack(buildApp('dev', { context: { alarms: 'full' } }).stacks.api);
    for (const metric of ['Errors', 'Throttles'])
      full.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: metric }, apiCapabilities.length);
  });
});

describe('messaging stack', () => {
  it('keeps the logical ids its fixed-name resources were deployed under: a new id replaces, and a replacement under the same name fails', () => {
    const named = Object.entries(
      dev.messaging.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>,
    )
      .filter(
        ([, r]) =>
          r.Type !== 'AWS::CloudWatch::Alarm' &&
          Object.entries(r.Properties ?? {}).some(([k, v]) => /Name$/.test(k) && typeof v === 'string'),
      )
      .map(([id]) => id)
      .sort();
    expect(named).toEqual(
      [
        'CalendarSyncFunction96921052',
        'CalendarSyncSchedule7B7EC53A',
        'Failures8A3E1A2F',
        'MailerFunctionBF78A5B7',
        'RedriveSchedule8A0DF9F6',
        'SendingF3DBE6DB',
        'SesFeedbackRuleC88500B6',
        'SuppressionsFunctionA1EFF978',
        'SweepFunctionC5ABE24A',
        'SweepSchedule80B1140B',
      ].sort(),
    );
  });

  it('feeds the mailer new outbox items from the stream, reporting partial failures, with a DLQ', () => {
    const mappings = Object.values(dev.messaging.findResources('AWS::Lambda::EventSourceMapping')).filter((r) =>
      JSON.stringify(r.Properties.FunctionName).includes('MailerFunction'),
    );
    expect(mappings).toHaveLength(1);
    const m = mappings[0]!.Properties;
    expect(m).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^Failures/), 'Arn'] } } },
    });
    expect(m.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['outbox'] } } } },
    ]);
  });

  it('keeps everything the background work gives up on in one queue under the data key, watched by one alarm', () => {
    dev.messaging.resourceCountIs('AWS::SQS::Queue', 1);
    dev.messaging.resourceCountIs('AWS::KMS::Key', 0);
    const dataKey = Object.values(dev.messaging.findResources('AWS::Logs::LogGroup'))[0]!.Properties.KmsKeyId;
    dev.messaging.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'threshold-dev-failures',
      KmsMasterKeyId: dataKey,
      MessageRetentionPeriod: 14 * 86_400,
    });
    const failures = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Failures'), 'Arn'] };
    for (const name of ['mailer', 'sweep', 'calendar-sync', 'suppressions'])
      dev.messaging.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `threshold-dev-${name}`,
        DeadLetterConfig: { TargetArn: failures },
      });
    dev.messaging.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [Match.anyValue()],
      },
      1,
    );
  });

  it("lets the data key admit EventBridge only for this stage's rules in this account, to write dead letters", () => {
    const statements = Object.values(dev.data.findResources('AWS::KMS::Key'))[0]!.Properties.KeyPolicy
      .Statement as Record<string, unknown>[];
    expect(statements.find((st) => st.Sid === 'EventBridgeDeadLettersOfThisStage')).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': expect.anything() },
        ArnLike: { 'aws:SourceArn': expect.objectContaining({}) },
      },
    });
    expect(JSON.stringify(statements.find((st) => st.Sid === 'EventBridgeDeadLettersOfThisStage'))).toContain(
      ':rule/threshold-dev-*',
    );
  });

  it('alarms once on the failures metric the functions emit (shared/failures-metric.ts), not on log wording', () => {
    // The code emits the metric (test/unit/infra/failures-metric.test.ts); no filter reads log lines.
    dev.messaging.resourceCountIs('AWS::Logs::MetricFilter', 0);
    // An email or a timer (3) alarms at once; a calendar-sync run (1) only three times in 45 minutes.
    dev.messaging.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      {
        MetricName: 'Failures',
        Namespace: 'Threshold/dev',
        Dimensions: [{ Name: 'service', Value: 'threshold' }],
        Period: 2700,
        Statistic: 'Sum',
        Threshold: 3,
        EvaluationPeriods: 1,
      },
      1,
    );
    // Each background function writes it to the namespace the alarm reads.
    for (const name of ['mailer', 'sweep', 'calendar-sync'])
      expect(fn(name).Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe('Threshold/dev');
  });

  it('alarms on a stopped stream reader through the failures metric the re-drive emits, not on IteratorAge alone', () => {
    const alarms = Object.values(dev.messaging.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties as Record<string, unknown>,
    );
    // IteratorAge has no data while the stream invokes nothing, and missing data is not breaching there.
    const behind = alarms.find((a) => a.MetricName === 'IteratorAge');
    expect(behind).toMatchObject({ Namespace: 'AWS/Lambda', TreatMissingData: 'notBreaching' });
    // The re-drive runs on its own schedule whatever the stream does, and one run that finds emails the
    // stream never claimed weighs enough to alarm at once. Missing data stays not breaching: the metric
    // is written only when something is wrong, and its absence is the healthy case.
    const failures = alarms.find((a) => a.MetricName === failuresMetric.name);
    expect(failures).toMatchObject({
      Namespace: 'Threshold/dev',
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(failuresMetric.streamReaderSilent).toBeGreaterThanOrEqual(failures!.Threshold as number);
    expect(String(failures!.AlarmDescription)).toContain('the table stream never tried');
    expect(String(failures!.AlarmDescription).length).toBeLessThanOrEqual(1024);
    expect(fn('mailer').Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe('Threshold/dev');
    dev.messaging.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailerFunction'), 'Arn'] } })],
    });
  });

  const fn = (name: string) =>
    Object.values(dev.messaging.findResources('AWS::Lambda::Function')).find(
      (f) => f.Properties.FunctionName === `threshold-dev-${name}`,
    )!;
  const statementsOf = (name: string) => {
    const roleId = fn(name).Properties.Role['Fn::GetAtt'][0] as string;
    return Object.values(dev.messaging.findResources('AWS::IAM::ManagedPolicy'))
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  };
  const sesStatements = (name: string) =>
    statementsOf(name).filter((st) => [st.Action].flat().some((a) => a.startsWith('ses:')));

  it('sends email from the mailer only: the sweep can neither send nor hash an address', () => {
    expect(sesStatements('mailer')).toHaveLength(1);
    expect(sesStatements('mailer')[0]!.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(sesStatements('sweep')).toEqual([]);
    expect(fn('sweep').Properties.Environment.Variables.SES_CONFIGURATION_SET).toBeUndefined();
    expect(JSON.stringify(fn('sweep').Properties.Environment.Variables)).not.toMatch(/EMAIL_HASH_KEY/);
    expect(fn('sweep').Properties.Timeout).toBe(120);
  });

  it('runs the sweep and the mailer’s re-drive every five minutes', () => {
    for (const target of ['^SweepFunction', '^MailerFunction'])
      dev.messaging.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(5 minutes)',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp(target), 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
          }),
        ],
      });
  });

  describe('calendar sync', () => {
    const syncRef = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CalendarSyncFunction'), 'Arn'] };

    it('runs every 15 minutes', () => {
      dev.messaging.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(15 minutes)',
        Targets: [
          Match.objectLike({ Arn: syncRef, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 } }),
        ],
      });
    });

    it('hears about a busy calendar the moment it is saved: its INSERT on the stream, nothing else', () => {
      const mappings = Object.values(dev.messaging.findResources('AWS::Lambda::EventSourceMapping')).filter((r) =>
        JSON.stringify(r.Properties.FunctionName).includes('CalendarSyncFunction'),
      );
      expect(mappings).toHaveLength(1);
      const m = mappings[0]!.Properties;
      expect(m).toMatchObject({ StartingPosition: 'LATEST', MaximumRetryAttempts: 2, MaximumRecordAgeInSeconds: 900 });
      expect(m.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
        { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['busy-calendar'] } } } },
      ]);
    });

    it('holds a least-privilege role: Get, Query and Update on the table, Query on the timer index, the stream, its logs, its dead letters; no key, no email', () => {
      const roles = dev.messaging.findResources('AWS::IAM::Role');
      const roleId = Object.keys(roles).find((id) => id.startsWith('CalendarSyncFunctionRole'))!;
      expect(roleId).toBeDefined();
      const policies = Object.values(dev.messaging.findResources('AWS::IAM::ManagedPolicy')).filter(
        (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
      );
      const statements = policies.flatMap(
        (p) =>
          p.Properties.PolicyDocument.Statement as {
            Action: string | string[];
            Resource: unknown;
            Condition?: unknown;
          }[],
      );
      const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
      const tableActions = actions.filter((a) => a.startsWith('dynamodb:') && !/Stream|Shard|Records/.test(a));
      expect([...new Set(tableActions)].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      const indexQuery = statements.find((st) => JSON.stringify(st.Resource).includes('/index/'));
      expect(JSON.stringify(indexQuery!.Resource)).toContain('/index/gsi1');
      expect(JSON.stringify(indexQuery!.Resource)).not.toContain('/index/gsi2');
      for (const forbidden of [
        'secretsmanager:',
        'ses:',
        'dynamodb:Scan',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'lambda:',
      ])
        expect(actions.some((a) => a.startsWith(forbidden))).toBe(false);
      // Only to leave a failed scheduled run in the failures queue.
      expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual(['sqs:SendMessage']);
      const fn = Object.values(dev.messaging.findResources('AWS::Lambda::Function')).find(
        (f) => f.Properties.FunctionName === 'threshold-dev-calendar-sync',
      )!;
      expect(fn.Properties.Environment.Variables.EMAIL_HASH_KEY).toBeUndefined();
    });

    it('has function error and throttle alarms in the full set only', () => {
      const errors = {
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^CalendarSyncFunction') } }],
      };
      dev.messaging.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', errors, 0);
      Template.fromStack(buildApp('dev', { context: { alarms: 'full' } }).stacks.messaging).resourcePropertiesCountIs(
        'AWS::CloudWatch::Alarm',
        errors,
        1,
      );
    });
  });

  it('lets no deployed function read calendars from loopback or over http: that switch is for the local stack alone', () => {
    for (const t of [dev.api, dev.messaging, prod.api, prod.messaging])
      for (const fn of Object.values(t.findResources('AWS::Lambda::Function')))
        expect(fn.Properties.Environment.Variables.CALENDAR_FETCH_ALLOW_LOOPBACK).toBeUndefined();
  });

  it("hands this stage's SES bounces and complaints to the suppressions function, with retries and the failures queue behind", () => {
    const rules = Object.values(dev.messaging.findResources('AWS::Events::Rule')).filter(
      (r) => r.Properties.EventPattern,
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]!.Properties;
    expect(rule.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Bounced', 'Email Complaint Received'],
      detail: { mail: { tags: { 'ses:configuration-set': ['threshold-dev'] } } },
    });
    expect(rule.EventBusName).toBeUndefined(); // the default bus, the only one SES publishes to
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^SuppressionsFunction/), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^Failures/), 'Arn'] } },
      }),
    ]);

    const fn = Object.values(dev.messaging.findResources('AWS::Lambda::Function')).find(
      (f) => f.Properties.FunctionName === 'threshold-dev-suppressions',
    )!.Properties;
    expect(fn.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^Failures/), 'Arn'] } });
    expect(fn.Environment.Variables).toMatchObject({
      SES_CONFIGURATION_SET: 'threshold-dev',
      EMAIL_HASH_KEY: expect.anything(),
    });
    dev.messaging.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^SuppressionsFunction') },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
    });

    // The events hold addresses: the queue is the failures queue, under the stage's data key (above).
  });

  it('sends through a TLS-only configuration set that reports bounces and complaints to EventBridge', () => {
    dev.messaging.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    dev.messaging.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: ['bounce', 'complaint'],
        EventBridgeDestination: Match.anyValue(),
      }),
    });
  });
});

/** A value as CloudFormation sees it, for matching references without caring how they are spelled. */
const text = (v: unknown): string => JSON.stringify(v);
const functionNamed = (t: Template, name: string) =>
  Object.values(t.findResources('AWS::Lambda::Function')).find(
    (f) => f.Properties.FunctionName === `threshold-dev-${name}`,
  )!.Properties;
const certificateArn = 'arn:aws:acm:eu-west-2:123456789012:certificate/0f7e5c2a-1b2c-4d3e-8f9a-0123456789ab';

describe('public base URL', () => {
  it("is the API's own URL, taken from the deployment, for every function: never a value typed into config", () => {
    for (const fn of [...allFunctions(dev.api), ...allFunctions(dev.messaging)]) {
      const url = fn.env.PUBLIC_BASE_URL;
      expect(typeof url, `${fn.name}: ${text(url)}`).toBe('object');
      if ((backgroundFunctions as readonly string[]).includes(fn.name)) {
        expect(url, fn.name).toEqual({
          'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Threshold-dev-Api' }),
        });
      } else {
        expect(url, fn.name).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Api[0-9A-F]+$/), 'ApiEndpoint'] });
      }
    }
  });

  it('is https://<domain> with a custom domain, mapped to the API with its ACM certificate; DNS target as an output', () => {
    const { stacks } = buildApp('dev', {
      context: { customDomain: { domainName: 'api.practice.example', certificateArn } },
    });
    const api = Template.fromStack(stacks.api);
    const messaging = Template.fromStack(stacks.messaging);
    api.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.practice.example',
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }),
      ],
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiId: { Ref: Match.stringLikeRegexp('^Api') },
      Stage: '$default',
    });
    for (const t of [api, messaging])
      for (const fn of allFunctions(t)) expect(fn.env.PUBLIC_BASE_URL, fn.name).toBe('https://api.practice.example');
    api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://api.practice.example/console/callback'],
      LogoutURLs: ['https://api.practice.example/console/signed-out'],
    });
    api.hasOutput('CustomDomainTarget', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomDomain'), 'RegionalDomainName'] },
    });
    api.hasOutput('PublicBaseUrl', { Value: 'https://api.practice.example' });
  });

  it('passes cdk-nag with a custom domain too', () => {
    const { app } = buildApp('prod', {
      context: { customDomain: { domainName: 'api.practice.example', certificateArn } },
    });
    const open = [new AwsSolutionsChecks(), new HIPAASecurityChecks()].flatMap((pack) =>
      pack
        .validateScope(app)
        .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)),
    );
    expect(open).toEqual([]);
  });
});

describe('outputs for ops', () => {
  it('names the API, the user pool, its clients, the sign-in domain and the console', () => {
    for (const name of ['ApiUrl', 'PublicBaseUrl', 'ConsoleUrl', 'ConsoleClientId', 'AccessLogGroup'])
      dev.api.hasOutput(name, {});
    for (const name of ['UserPoolId', 'UserPoolClientId', 'CognitoDomainUrl']) dev.identity.hasOutput(name, {});
    dev.api.hasOutput('ApiUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    expect(text(dev.api.findOutputs('ConsoleUrl').ConsoleUrl!.Value)).toMatch(/\/console"\]\]\}$/);
    dev.identity.hasOutput('UserPoolId', { Value: { Ref: Match.stringLikeRegexp('^Therapists') } });
    dev.identity.hasOutput('UserPoolClientId', { Value: { Ref: Match.stringLikeRegexp('^TherapistsTherapistApp') } });
    expect(text(dev.identity.findOutputs('CognitoDomainUrl').CognitoDomainUrl!.Value)).toContain(
      '.auth.eu-west-2.amazoncognito.com',
    );
  });
});

describe('console sign-in (managed login, authorization code with PKCE)', () => {
  const consoleClient = () => Object.values(dev.api.findResources('AWS::Cognito::UserPoolClient'));

  it('gives the user pool a Cognito domain with the prefix from stage config, on managed login (version 2)', () => {
    dev.identity.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    dev.identity.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'threshold-dev-example',
      ManagedLoginVersion: 2,
      UserPoolId: { Ref: Match.stringLikeRegexp('^Therapists') },
    });
  });

  it('has a console client: code grant only, no secret (PKCE), the console callback and sign-out URLs, openid email profile', () => {
    const clients = consoleClient();
    expect(clients).toHaveLength(1);
    const c = clients[0]!.Properties;
    expect(c).toMatchObject({
      ClientName: 'threshold-dev-console',
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
    // The console asks for exactly these (functions/console/sign-in/cognito.ts); the admin scope is what
    // lets its access token call GlobalSignOut for "sign out everywhere".
    expect([...c.AllowedOAuthScopes].sort()).toEqual(['aws.cognito.signin.user.admin', 'email', 'openid', 'profile']);
    expect([...c.AllowedOAuthScopes].sort()).toEqual(scopes.split(' ').sort());
    expect(text(c.CallbackURLs)).toMatch(
      /^\[\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["Api[0-9A-F]+","ApiEndpoint"\]\},"\/console\/callback"\]\]\}\]$/,
    );
    expect(text(c.LogoutURLs)).toMatch(/"\/console\/signed-out"\]\]\}\]$/);
    expect(c.UserPoolId).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Threshold-dev-Identity' }),
    });
  });

  it("styles the console client's managed login pages (Cognito's own style), which turns them on", () => {
    dev.api.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: Match.stringLikeRegexp('^ConsoleClient') },
      UseCognitoProvidedValues: true,
    });
  });

  it("lets the API's JWT authorizer accept tokens of both the therapist app and the console", () => {
    const audience = Object.values(dev.api.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!.Properties
      .JwtConfiguration.Audience as unknown[];
    expect(audience).toHaveLength(2);
    expect(audience).toContainEqual({ Ref: expect.stringMatching(/^ConsoleClient/) });
    expect(audience).toContainEqual({
      'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Threshold-dev-Identity' }),
    });
  });

  it('gives the console identity settings to any capability that declares the need, and stops synth where a stack has none', () => {
    const needs = { ...functionNeeds, therapist: { ...functionNeeds.therapist, consoleIdentity: true } } as const;
    const { stacks } = buildApp('dev', { options: { needs } });
    const therapist = functionNamed(Template.fromStack(stacks.api), 'therapist');
    expect(therapist.Environment.Variables).toMatchObject({
      USER_POOL_ID: { 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Threshold-dev-Identity' }) },
      CONSOLE_CLIENT_ID: { Ref: expect.stringMatching(/^ConsoleClient/) },
      COGNITO_DOMAIN_URL: expect.anything(),
    });
    expect(text(therapist.Environment.Variables.COGNITO_DOMAIN_URL)).toContain('.auth.eu-west-2.amazoncognito.com');
    expect(functionNamed(dev.api, 'therapist').Environment.Variables.USER_POOL_ID).toBeUndefined();

    const misplaced = { ...functionNeeds, sweep: { ...functionNeeds.sweep, consoleIdentity: true } } as const;
    expect(() => buildApp('dev', { options: { needs: misplaced } })).toThrow(
      /shared\/manifest\/needs\.ts says sweep needs consoleIdentity, but .* has no console app client/,
    );
  });

  it('never synthesizes a route marked local-only (the local sign-in), in the real route list or in one that has it', () => {
    const synthesizedKeys = (t: Template) =>
      Object.values(t.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    const localOnly = (routes as readonly Route[]).filter((r) => r.localOnly);
    expect(localOnly.map((r) => `${r.method} ${r.path}`)).toContain('POST /console/sign-in');
    for (const route of localOnly) expect(synthesizedKeys(dev.api)).not.toContain(`${route.method} ${route.path}`);

    const another: Route = {
      method: 'POST',
      path: '/console/local-test',
      capability: 'therapist',
      auth: 'public',
      operation: 'localTest',
      summary: 'Local stack only',
      localOnly: true,
    };
    const { stacks } = buildApp('dev', { options: { routes: [...routes, another] } });
    const keys = synthesizedKeys(Template.fromStack(stacks.api));
    expect(keys).toHaveLength(routes.length - localOnly.length);
    expect(keys).not.toContain('POST /console/local-test');
  });
});

describe('prod stage as shipped', () => {
  const rulesOf = (t: Template) =>
    (t.toJSON().Rules ?? {}) as Record<string, { Assertions: { Assert: unknown; AssertDescription: string }[] }>;

  it('synthesizes offline, and every stack refuses to deploy while a placeholder remains, naming each one', () => {
    for (const [name, t] of Object.entries(prod)) {
      const rule = rulesOf(t).StageConfigComplete;
      expect(rule, name).toBeDefined();
      expect(rule!.Assertions[0]!.AssertDescription).toMatch(
        /Stage 'prod' still has placeholder values \(marked set-me\): settings\.senderEmail, sesIdentity, alarmEmail, cognitoDomainPrefix\./,
      );
      expect(rule!.Assertions[0]!.Assert).toEqual({ 'Fn::Equals': [{ Ref: 'PlaceholdersRemaining' }, ''] });
      expect(t.toJSON().Parameters.PlaceholdersRemaining).toMatchObject({
        Type: 'String',
        Default: 'settings.senderEmail,sesIdentity,alarmEmail,cognitoDomainPrefix',
      });
    }
  });

  it('deploys once the values are set', () => {
    const { stacks } = buildApp('prod', {
      context: {
        senderEmail: 'hello@practice.example',
        sesIdentity: 'practice.example',
        alarmEmail: 'ops@practice.example',
        cognitoDomainPrefix: 'practice-example-login',
      },
    });
    for (const stack of [stacks.data, stacks.identity, stacks.api, stacks.messaging])
      expect(rulesOf(Template.fromStack(stack)).StageConfigComplete).toBeUndefined();
  });

  it('refuses to deploy shipped example values too: the local stage synthesises with them, and never deploys', () => {
    const { stacks } = buildApp('local');
    for (const stack of [stacks.data, stacks.identity, stacks.api, stacks.messaging]) {
      const t = Template.fromStack(stack);
      expect(t.toJSON().Parameters.PlaceholdersRemaining.Default).toBe(
        'settings.senderEmail,sesIdentity,allowedOrigins.0,cognitoDomainPrefix',
      );
      expect(rulesOf(t).StageConfigComplete!.Assertions[0]!.AssertDescription).toMatch(
        /^Stage 'local' still holds the example values cdk\.json ships: settings\.senderEmail, sesIdentity, allowedOrigins\.0, cognitoDomainPrefix\./,
      );
    }
    // The dev templates the other tests read are built past the CLI's refusal (test/infra/config.test.ts), and carry the rule as well.
    for (const t of Object.values(dev)) expect(rulesOf(t).StageConfigComplete).toBeDefined();
  });
});

/**
 * cdk-nag v3: the AwsSolutions and HIPAA.Security packs run as CDK validation plugins on every
 * synth. No finding is left unacknowledged, every acknowledgement answers a real finding (none is
 * left behind when its finding goes away) and carries a reason.
 */
const packs = () => [new AwsSolutionsChecks(), new HIPAASecurityChecks()];

describe.each(['dev', 'prod'] as const)('cdk-nag, stage %s', (stage) => {
  afterEach(() => vi.restoreAllMocks());

  it('leaves no finding unacknowledged', () => {
    const app = apps[stage]!;
    const open = packs().flatMap((pack) =>
      pack
        .validateScope(app)
        .violations.flatMap((v) =>
          v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}: ${v.description}`),
        ),
    );
    expect(open).toEqual([]);
  });

  it('acknowledges only real findings, each with a reason a reviewer can judge', () => {
    const acknowledged: { path: string; rule: Acknowledgment }[] = [];
    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(function (
      this: Validations,
      ...rules: Acknowledgment[]
    ) {
      const scope = (this as unknown as { scope: { node: { path: string } } }).scope;
      for (const rule of rules) acknowledged.push({ path: scope.node.path, rule });
    });
    const { app } = buildApp(stage);
    const findings = packs().flatMap((pack) =>
      pack
        .validateScope(app)
        .violations.flatMap((v) =>
          v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' })),
        ),
    );

    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, rule } of acknowledged) {
      expect(rule.reason.length, `${rule.id} at ${path}`).toBeGreaterThanOrEqual(60);
      const answered = findings.some((f) => f.rule === rule.id && (f.path === path || f.path.startsWith(`${path}/`)));
      expect(answered, `${rule.id} at ${path} acknowledges nothing`).toBe(true);
    }
  });
});

describe('cdk synth validation', () => {
  it('passes every validation plugin for prod: CDK CloudFormation rules, AwsSolutions, HIPAA.Security', {
    timeout: 90_000,
  }, () => {
    // What `cdk synth -c stage=prod` runs; it throws "Validation failed" and prints the report otherwise.
    expect(() => buildApp('prod', { cloudFormationValidation: true }).app.synth()).not.toThrow();
  });
});
