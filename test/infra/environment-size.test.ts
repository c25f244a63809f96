/**
 * Lambda's 4 KB for all of a function's environment variables together: a valid config must never
 * reach a deploy that rolls back on it. Each function gets only the long settings it reads
 * (shared/manifest/needs.ts), and synth measures every function's environment and stops, naming the
 * function and the limit, when one would not fit.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadStageConfig } from '#infra/config.js';
import { environmentLimitBytes } from '#infra/constructs/threshold-function.js';
import { addThresholdStacks } from '#infra/stacks/threshold.js';
import { loadRuntimeConfig, longSettings, settingsSchema, settingsToEnvironment } from '#shared/config.js';
import { functionNeeds } from '#shared/manifest/needs.js';
import type { FunctionName } from '#shared/manifest/routes.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

function templates(context: Record<string, unknown> = {}): Template[] {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { ...cdkJson.context, stage: 'dev', 'aws:cdk:bundling-stacks': [], ...context },
  });
  const stacks = addThresholdStacks(app, loadStageConfig(app.node));
  return [stacks.api, stacks.messaging].map((s) => Template.fromStack(s));
}

/** Each function's variables, keyed by its short name. */
function environments(ts: Template[]): Map<FunctionName, Record<string, unknown>> {
  return new Map(
    ts.flatMap((t) =>
      Object.values(t.findResources('AWS::Lambda::Function')).map(
        (f) =>
          [
            String(f.Properties.FunctionName).replace(/^threshold-dev-/, '') as FunctionName,
            f.Properties.Environment.Variables as Record<string, unknown>,
          ] as const,
      ),
    ),
  );
}

/** The largest values every setting may hold. */
const paragraph = (n: number) =>
  `${n}. ${'Threshold keeps what you send for as long as the therapist needs it. '.repeat(20)}`.slice(0, 600);
const longest = {
  privacyNoticeText: [1, 2, 3, 4, 5].map(paragraph),
  crisisLines: [1, 2, 3, 4, 5].map((n) => ({
    name: `${n} ${'Crisis line '.repeat(10)}`.slice(0, 80),
    detail: `${n} ${'Call free, day or night. '.repeat(10)}`.slice(0, 160),
  })),
  embedOrigins: Array.from({ length: 10 }, (_, n) => `https://www.${n}-a-therapy-practice-with-a-long-name.example`),
  privacyNoticeUrl: 'https://www.a-therapy-practice-with-a-long-name.example/privacy',
  appUrl: 'https://app.a-therapy-practice-with-a-long-name.example',
};
const ownValues = {
  senderEmail: 'hello@practice.example',
  sesIdentity: 'practice.example',
  allowedOrigins: [],
  cognitoDomainPrefix: 'practice-login',
};

describe("functions' environments", () => {
  it('are a valid config for the schema: the largest each setting may be', () => {
    expect(
      settingsSchema.safeParse({
        senderEmail: 'hello@practice.example',
        publicBaseUrl: 'https://api.practice.example',
        ...longest,
      }).success,
    ).toBe(true);
  });

  it('give each long setting only to the functions that declare it in shared/manifest/needs.ts', () => {
    const envs = environments(
      templates({ privacyNoticeText: ['Short.'], embedOrigins: ['https://www.practice.example'] }),
    );
    expect(envs.size).toBe(10);
    for (const [name, env] of envs) {
      const reads: readonly string[] = (functionNeeds[name] as { settings?: readonly string[] }).settings ?? [];
      expect('PRIVACY_NOTICE_TEXT' in env, `${name} PRIVACY_NOTICE_TEXT`).toBe(reads.includes('privacyNoticeText'));
      expect('EMBED_ORIGINS' in env, `${name} EMBED_ORIGINS`).toBe(reads.includes('embedOrigins'));
      const withheld = longSettings.filter((s) => !reads.includes(s));
      expect(env.SETTINGS_WITHHELD, name).toBe(withheld.length > 0 ? withheld.join(',') : undefined);
    }
    expect(functionNeeds.enquiries.settings).toEqual(['privacyNoticeText', 'embedOrigins']);
  });

  it('stop synth of the maximal valid config, naming the one function over the limit and the limit itself', () => {
    let message = '';
    try {
      templates({ ...ownValues, ...longest });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /threshold-dev-enquiries: its environment would be \d+ bytes, over Lambda's 4 KB limit \(4096 bytes for all variables together\)/,
    );
    expect(message).toMatch(/Largest: PRIVACY_NOTICE_TEXT 30\d\d bytes, CRISIS_LINES 1\d\d\d bytes/);
    // Every other function, though given the five longest crisis lines too, fits.
    expect(message.match(/over Lambda's 4 KB limit/g)).toHaveLength(1);
  });

  it('synthesise with every function under 4 KB with everything else at its longest and a one-paragraph privacy notice, references counted at their upper bound', () => {
    const { privacyNoticeText: _long, ...rest } = longest;
    const envs = environments(templates({ ...ownValues, ...rest, privacyNoticeText: [paragraph(1)] }));
    for (const [name, env] of envs) {
      const measured = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, typeof v === 'string' ? v : 'x'.repeat(128)]),
      );
      expect(Buffer.byteLength(JSON.stringify(measured)), name).toBeLessThanOrEqual(environmentLimitBytes);
    }
  });

  it('make a withheld setting fail loudly in the function, not read as its default', () => {
    const settings = settingsSchema.parse({
      senderEmail: 'hello@practice.example',
      publicBaseUrl: 'https://api.practice.example',
      embedOrigins: ['https://www.practice.example'],
    });
    const config = loadRuntimeConfig({ TABLE_NAME: 'threshold-dev', ...settingsToEnvironment(settings, []) });
    expect(() => config.settings.embedOrigins).toThrow(
      'settings.embedOrigins is not given to this function: declare it under settings in shared/manifest/needs.ts',
    );
    expect(() => config.settings.privacyNoticeText).toThrow(/privacyNoticeText is not given/);
    expect(config.settings.crisisLines).toEqual(settings.crisisLines);
    // A spread of the settings (a page's data) skips it instead of throwing.
    expect({ ...config.settings }).not.toHaveProperty('embedOrigins');
    expect(
      loadRuntimeConfig({ TABLE_NAME: 'threshold-dev', ...settingsToEnvironment(settings, ['embedOrigins']) }).settings
        .embedOrigins,
    ).toEqual(['https://www.practice.example']);
  });
});
