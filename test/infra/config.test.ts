import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { assertSynthesisable, loadStageConfig, type ContextSource } from '#infra/config.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** The context the CLI would pass: cdk.json's, then `-c key=value` pairs (always strings). */
function context(overrides: Record<string, unknown> = {}): ContextSource {
  const values: Record<string, unknown> = { ...cdkJson.context, ...overrides };
  return { tryGetContext: (key) => values[key] };
}

const devStage = (cdkJson.context.stages as Record<string, Record<string, unknown>>).dev!;

describe('stage config', () => {
  it('loads the dev stage from cdk.json with the shared settings defaults filled in', () => {
    const config = loadStageConfig(context());
    expect(config.stage).toBe('dev');
    expect(config.settings.senderEmail).toBe('hello@example.org');
    expect(config.settings.retentionDays).toBe(90);
    expect(config.settings.crisisLines.length).toBeGreaterThan(0);
    expect(config.retainData).toBe(false);
    expect(config.removalPolicy).toBe(RemovalPolicy.DESTROY);
  });

  it('fails with the stage and the field named when a value is bad', () => {
    expect(() => loadStageConfig(context({ senderEmail: 'not-an-email' }))).toThrow(
      "Invalid stage config 'dev': settings.senderEmail: Invalid email address",
    );
  });

  it("defaults to the essential alarm set, takes 'full' from -c, and refuses anything else by name", () => {
    expect(loadStageConfig(context()).alarms).toBe('essential');
    expect(loadStageConfig(context({ alarms: 'full' })).alarms).toBe('full');
    expect(() => loadStageConfig(context({ alarms: 'all' }))).toThrow(
      "Invalid stage config 'dev': alarms: must be 'essential' or 'full'",
    );
    expect(loadStageConfig(context()).keyRotationDays).toBe(2560);
    expect(loadStageConfig(context({ keyRotationDays: 365 })).keyRotationDays).toBe(365);
    expect(() => loadStageConfig(context({ keyRotationDays: 30 }))).toThrow(
      "Invalid stage config 'dev': keyRotationDays: must be at least 90 (KMS)",
    );
  });

  it('takes an email-hash key ciphertext to keep, and refuses one that cannot be a KMS ciphertext', () => {
    const ciphertext = Buffer.alloc(184, 1).toString('base64');
    expect(loadStageConfig(context({ emailHashKeyCiphertext: ciphertext })).emailHashKeyCiphertext).toBe(ciphertext);
    expect(loadStageConfig(context()).emailHashKeyCiphertext).toBeUndefined();
    expect(() => loadStageConfig(context({ emailHashKeyCiphertext: 'not base64!' }))).toThrow(
      /emailHashKeyCiphertext: must be the base64 ciphertext/,
    );
    expect(() => loadStageConfig(context({ emailHashKeyCiphertext: 'AAAA' }))).toThrow(
      /emailHashKeyCiphertext: is too short/,
    );
  });

  it('names every bad field at once', () => {
    expect(() =>
      loadStageConfig(context({ allowedOrigins: 'http://app.example.org', logRetentionDays: '42' })),
    ).toThrow(/allowedOrigins\.0: must be an https origin.*logRetentionDays: must be one of 1, 3, 5/);
  });

  it('turns -c strings into numbers, lists and booleans', () => {
    const config = loadStageConfig(
      context({
        retentionDays: '30',
        allowedOrigins: 'https://a.example.org, https://b.example.org',
        retainData: 'true',
        logRetentionDays: '90',
      }),
    );
    expect(config.settings.retentionDays).toBe(30);
    expect(config.allowedOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(config.retainData).toBe(true);
    expect(config.logRetention).toBe(90);
  });

  it('refuses an origin with a path, which CORS would never match', () => {
    expect(() => loadStageConfig(context({ allowedOrigins: 'https://app.example.org/' }))).toThrow(
      /allowedOrigins\.0: must be an origin only/,
    );
  });

  it('refuses a sender the SES identity does not cover', () => {
    expect(() => loadStageConfig(context({ senderEmail: 'hello@elsewhere.org' }))).toThrow(
      "Invalid stage config 'dev': sesIdentity: does not cover settings.senderEmail hello@elsewhere.org",
    );
  });

  it('treats prod as the stage whose data is retained and deletion-protected', () => {
    const config = loadStageConfig(context({ stage: 'prod', stages: { prod: devStage } }));
    expect(config.retainData).toBe(true);
    expect(config.removalPolicy).toBe(RemovalPolicy.RETAIN);
  });

  it('says which stages exist when the stage has no entry', () => {
    expect(() => loadStageConfig(context({ stage: 'prdo' }))).toThrow(
      /no entry for 'prdo' under context "stages" in cdk\.json; known stages: local, dev, prod/,
    );
  });

  it('refuses publicBaseUrl from config or -c: it comes from the deployment itself', () => {
    const message =
      /settings\.publicBaseUrl: is not set by hand any more: it is the API's own URL, or https:\/\/<customDomain\.domainName>/;
    expect(() => loadStageConfig(context({ publicBaseUrl: 'https://api.example.org' }))).toThrow(message);
    expect(() =>
      loadStageConfig(
        context({
          stages: {
            dev: {
              ...devStage,
              settings: { ...(devStage.settings as object), publicBaseUrl: 'https://api.example.org' },
            },
          },
        }),
      ),
    ).toThrow(message);
  });

  it('takes a custom domain with a regional ACM certificate of the stage region', () => {
    const certificateArn = 'arn:aws:acm:eu-west-2:123456789012:certificate/0f7e5c2a-1b2c-4d3e-8f9a-0123456789ab';
    const config = loadStageConfig(
      context({ customDomain: JSON.stringify({ domainName: 'api.example.org', certificateArn }) }),
    );
    expect(config.customDomain).toEqual({ domainName: 'api.example.org', certificateArn });
    expect(() =>
      loadStageConfig(
        context({
          customDomain: {
            domainName: 'api.example.org',
            certificateArn: certificateArn.replace('eu-west-2', 'us-east-1'),
          },
        }),
      ),
    ).toThrow(/customDomain\.certificateArn: must be in the stage's region eu-west-2/);
    expect(() =>
      loadStageConfig(
        context({
          customDomain: { domainName: 'api.example.org', certificateArn: 'arn:aws:iam::123456789012:role/x' },
        }),
      ),
    ).toThrow(/customDomain\.certificateArn: must be an ACM certificate ARN/);
  });

  it('checks the Cognito domain prefix as Cognito would', () => {
    expect(loadStageConfig(context({ cognitoDomainPrefix: 'sam-rivera-practice' })).cognitoDomainPrefix).toBe(
      'sam-rivera-practice',
    );
    for (const bad of ['Threshold', 'my-cognito-login', 'aws-login', 'amazon-x', '-lead', 'trail-', 'a_b'])
      expect(() => loadStageConfig(context({ cognitoDomainPrefix: bad })), bad).toThrow(/cognitoDomainPrefix: /);
  });

  it('ships a prod stage that loads offline and names every value ops must set', () => {
    const config = loadStageConfig(context({ stage: 'prod' }));
    expect(config.retainData).toBe(true);
    expect(config.placeholders).toEqual(['settings.senderEmail', 'sesIdentity', 'alarmEmail', 'cognitoDomainPrefix']);
    // Set on the command line (or in cdk.json), a value stops being a placeholder.
    const set = loadStageConfig(
      context({
        stage: 'prod',
        senderEmail: 'hello@practice.example',
        sesIdentity: 'practice.example',
        alarmEmail: 'ops@practice.example',
        cognitoDomainPrefix: 'practice-example-login',
      }),
    );
    expect(set.placeholders).toEqual([]);
  });

  it('has no placeholders in dev', () => {
    expect(loadStageConfig(context()).placeholders).toEqual([]);
  });

  it('refuses synth of a stage holding the shipped example values, naming each, unless it is the local stage', () => {
    const dev = loadStageConfig(context());
    expect(dev.examples).toEqual(['settings.senderEmail', 'sesIdentity', 'allowedOrigins.0', 'cognitoDomainPrefix']);
    expect(() => assertSynthesisable(dev)).toThrow(
      /^Stage 'dev' still holds the example values cdk\.json ships: settings\.senderEmail, sesIdentity, allowedOrigins\.0, cognitoDomainPrefix\. .*Only the stage 'local' may keep them/,
    );
    const local = loadStageConfig(context({ stage: 'local' }));
    expect(local.examples).toEqual(['settings.senderEmail', 'sesIdentity', 'allowedOrigins.0', 'cognitoDomainPrefix']);
    expect(() => assertSynthesisable(local)).not.toThrow();
    // Prod ships placeholders, not examples: it synthesises for review and refuses at deploy.
    expect(loadStageConfig(context({ stage: 'prod' })).examples).toEqual([]);
  });

  it('lets a stage synthesise once its own values replace the examples, and tells a look-alike from an example', () => {
    const own = loadStageConfig(
      context({
        senderEmail: 'hello@practice.example',
        sesIdentity: 'practice.example',
        allowedOrigins: 'https://app.practice.example',
        cognitoDomainPrefix: 'practice-login',
      }),
    );
    expect(own.examples).toEqual([]);
    expect(() => assertSynthesisable(own)).not.toThrow();
    const partly = loadStageConfig(
      context({
        senderEmail: 'hello@mail.example.org',
        sesIdentity: 'example.org',
        cognitoDomainPrefix: 'myexamplepractice',
      }),
    );
    expect(partly.examples).toEqual(['settings.senderEmail', 'sesIdentity', 'allowedOrigins.0']);
    expect(
      loadStageConfig(
        context({ senderEmail: 'hello@notexample.org', sesIdentity: 'notexample.org', allowedOrigins: '' }),
      ).examples,
    ).toEqual(['cognitoDomainPrefix']);
  });

  it('stops `cdk synth` itself: the app exits with the message before building a stack', { timeout: 60_000 }, () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'threshold-synth-'));
    try {
      // What the CDK CLI hands the app: cdk.json's context (and -c values) as CDK_CONTEXT_JSON.
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          CDK_OUTDIR: out,
          CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, stage: 'dev', 'aws:cdk:bundling-stacks': [] }),
        },
      });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(
        "Stage 'dev' still holds the example values cdk.json ships: settings.senderEmail, sesIdentity, allowedOrigins.0, cognitoDomainPrefix.",
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('rejects a stage name that cannot be part of a stack name', () => {
    expect(() => loadStageConfig(context({ stage: 'Prod_1' }))).toThrow(/Invalid stage name 'Prod_1'/);
  });
});
