/**
 * What a stage costs before anyone uses it, read from the synthesized templates: every resource type
 * is either priced here or known to cost nothing while idle, so a resource with a monthly charge
 * cannot arrive unnoticed. The goal: at most $2 a month with the default alarm set.
 *
 * Unit prices (us-east-1 / eu-west-2 list prices, the same in both; free tiers are per account and not counted):
 * - KMS customer-managed key: $1.00 a key-month (https://aws.amazon.com/kms/pricing/). With automatic
 *   rotation the first and the second rotation add $1.00 a month each, later ones nothing; counted
 *   here for the dearest month of a stage's first five years (docs/operations.md, Cost).
 * - CloudWatch alarm, standard resolution: $0.10 a month per metric the alarm reads, each metric of a
 *   metric-math expression included (https://aws.amazon.com/cloudwatch/pricing/).
 * - CloudWatch custom metric: $0.30 a metric-month (first 10,000), billed only for hours in which a
 *   value is published; counted here as if every hour had one.
 * - CloudWatch dashboard: $3.00 a month each beyond an account's first three.
 * - Secrets Manager secret: $0.40 a secret-month (https://aws.amazon.com/secrets-manager/pricing/).
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStageConfig } from '#infra/config.js';
import { addThresholdStacks } from '#infra/stacks/threshold.js';

const price = { kmsKey: 1.0, alarmMetric: 0.1, customMetric: 0.3, dashboard: 3.0, secret: 0.4 } as const;

/** Resource types with no charge while nothing happens: they bill per request, per GB or per user, or never. */
const freeWhileIdle = new Set([
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::DomainName',
  'AWS::ApiGatewayV2::ApiMapping',
  // Cognito Plus bills per monthly active user (a therapist who signs in), not per pool.
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolDomain',
  'AWS::Cognito::ManagedLoginBranding',
  // On-demand: requests and storage (PITR by GB); Contributor Insights is off unless configured.
  'AWS::DynamoDB::Table',
  'AWS::Events::Rule',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Role',
  'AWS::KMS::Alias',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Function',
  'AWS::Lambda::Permission',
  'AWS::Logs::LogGroup',
  // The filter is free; the metric it publishes is priced below.
  'AWS::Logs::MetricFilter',
  'AWS::SES::ConfigurationSet',
  'AWS::SES::ConfigurationSetEventDestination',
  'AWS::SNS::Subscription',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  // Runs at deploy only.
  'Custom::EmailHashKey',
]);
const priced = new Set([
  'AWS::KMS::Key',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::SecretsManager::Secret',
]);

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

function resourcesOf(context: Record<string, unknown>): Resource[] {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({ context: { ...cdkJson.context, stage: 'dev', 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = addThresholdStacks(app, loadStageConfig(app.node));
  return [stacks.data, stacks.identity, stacks.api, stacks.messaging].flatMap((s) =>
    Object.values(Template.fromStack(s).toJSON().Resources as Record<string, Resource>),
  );
}

/** Metrics an alarm reads: its one metric, or every MetricStat of its metric-math expression. */
function alarmMetrics(alarm: Resource): number {
  const p = alarm.Properties ?? {};
  if (p.MetricName) return 1;
  return ((p.Metrics as { MetricStat?: unknown }[] | undefined) ?? []).filter((m) => m.MetricStat).length;
}

/**
 * Custom metrics: one per namespace, name and set of dimensions, published by a metric filter or by
 * the code in embedded metric format. The code emits only metrics an alarm reads (shared/failures-metric.ts),
 * so those are found on the alarms: every non-AWS namespace an alarm names.
 */
function customMetrics(resources: Resource[]): string[] {
  const filtered = resources
    .filter((r) => r.Type === 'AWS::Logs::MetricFilter')
    .flatMap(
      (r) =>
        r.Properties!.MetricTransformations as { MetricNamespace: string; MetricName: string; Dimensions?: unknown }[],
    )
    .map((t) => `${t.MetricNamespace}/${t.MetricName}${t.Dimensions ? JSON.stringify(t.Dimensions) : ''}`);
  const emitted = resources
    .filter(
      (r) =>
        r.Type === 'AWS::CloudWatch::Alarm' &&
        typeof r.Properties?.Namespace === 'string' &&
        !String(r.Properties.Namespace).startsWith('AWS/'),
    )
    .map(
      (r) =>
        `${String(r.Properties!.Namespace)}/${String(r.Properties!.MetricName)}${r.Properties!.Dimensions ? JSON.stringify(r.Properties!.Dimensions) : ''}`,
    );
  return [...new Set([...filtered, ...emitted])];
}

const fiveYearsDays = 5 * 365;

/** A key's dearest month within five years: $1, plus $1 for each of its first two rotations by then. */
function keyDollars(key: Resource): number {
  const props = key.Properties ?? {};
  if (props.EnableKeyRotation !== true) return price.kmsKey;
  const periodDays = typeof props.RotationPeriodInDays === 'number' ? props.RotationPeriodInDays : 365;
  return price.kmsKey * (1 + Math.min(2, Math.floor(fiveYearsDays / periodDays)));
}

function fixedCost(resources: Resource[]) {
  const count = (type: string) => resources.filter((r) => r.Type === type).length;
  const keys = resources.filter((r) => r.Type === 'AWS::KMS::Key');
  const items = {
    kmsKeys: keys.length,
    alarmMetrics: resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm').reduce((n, a) => n + alarmMetrics(a), 0),
    customMetrics: customMetrics(resources).length,
    dashboards: count('AWS::CloudWatch::Dashboard'),
    secrets: count('AWS::SecretsManager::Secret'),
  };
  const dollars =
    keys.reduce((sum, k) => sum + keyDollars(k), 0) +
    items.alarmMetrics * price.alarmMetric +
    items.customMetrics * price.customMetric +
    items.dashboards * price.dashboard +
    items.secrets * price.secret;
  return { items, dollars: Math.round(dollars * 100) / 100 };
}

let essential: Resource[];
let full: Resource[];
let yearlyRotation: Resource[];
beforeAll(() => {
  essential = resourcesOf({});
  full = resourcesOf({ alarms: 'full' });
  yearlyRotation = resourcesOf({ keyRotationDays: 365 });
}, 180_000);

describe('fixed monthly cost of a stage', () => {
  it('knows the price of every resource type it deploys: priced here, or free while idle', () => {
    for (const resources of [essential, full]) {
      const unknown = [...new Set(resources.map((r) => r.Type))].filter((t) => !freeWhileIdle.has(t) && !priced.has(t));
      expect(unknown, 'price a new resource type here (or list it as free while idle, with why)').toEqual([]);
    }
  });

  it('is at most $2 with the default alarm set: one key, six alarm metrics, one custom metric, no secret, no dashboard', () => {
    const { items, dollars } = fixedCost(essential);
    expect(items).toEqual({ kmsKeys: 1, alarmMetrics: 6, customMetrics: 1, dashboards: 0, secrets: 0 });
    expect(dollars).toBe(1.9);
    expect(dollars).toBeLessThanOrEqual(2);
  });

  it('rotates the key every 2,560 days by default, so it stays $1 a month; yearly rotation is a setting that costs $2 more from year three', () => {
    const key = essential.find((r) => r.Type === 'AWS::KMS::Key')!;
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 2560 });
    expect(fixedCost(yearlyRotation).dollars).toBe(3.9);
  });

  it('costs what docs/operations.md says with the full alarm set: two more alarm metrics per function', () => {
    const { items, dollars } = fixedCost(full);
    expect(items).toEqual({ kmsKeys: 1, alarmMetrics: 6 + 2 * 10, customMetrics: 1, dashboards: 0, secrets: 0 });
    expect(dollars).toBe(3.9);
  });
});
