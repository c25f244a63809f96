import { readFileSync } from 'node:fs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { loadStageConfig, type ContextSource } from '../../infra/config.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

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

  it('names every bad field at once', () => {
    expect(() => loadStageConfig(context({ allowedOrigins: 'http://app.example.org', logRetentionDays: '42' }))).toThrow(
      /allowedOrigins\.0: must be an https origin.*logRetentionDays: must be one of 1, 3, 5/,
    );
  });

  it('turns -c strings into numbers, lists and booleans', () => {
    const config = loadStageConfig(
      context({ retentionDays: '30', allowedOrigins: 'https://a.example.org, https://b.example.org', retainData: 'true', logRetentionDays: '90' }),
    );
    expect(config.settings.retentionDays).toBe(30);
    expect(config.allowedOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(config.retainData).toBe(true);
    expect(config.logRetention).toBe(90);
  });

  it('refuses an origin with a path, which CORS would never match', () => {
    expect(() => loadStageConfig(context({ allowedOrigins: 'https://app.example.org/' }))).toThrow(/allowedOrigins\.0: must be an origin only/);
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
    expect(() => loadStageConfig(context({ stage: 'prdo' }))).toThrow(/no entry for 'prdo' under context "stages" in cdk\.json; known stages: dev/);
  });

  it('rejects a stage name that cannot be part of a stack name', () => {
    expect(() => loadStageConfig(context({ stage: 'Prod_1' }))).toThrow(/Invalid stage name 'Prod_1'/);
  });
});
