/**
 * The app's cross-stack references are weak (cdk.json `@aws-cdk/core:defaultCrossStackReferences`):
 * a consumer reads the producer's output with Fn::GetStackOutput at deploy time, so its template is
 * byte for byte the same when only the producer's value changed, and `cdk deploy --all` skips it as
 * unchanged. Whatever the stage config decides must therefore reach the consumer as text, so the same
 * change changes the consumer's template; what still crosses by reference must be a value that only
 * the replacement of a stateful resource changes (docs/operations.md, Deploy order).
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadStageConfig } from '#infra/config.js';
import { addThresholdStacks, type ThresholdStacks } from '#infra/stacks/threshold.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** The dev stage as `cdk synth -c stage=dev -c <field>=<value>` builds it, minus bundling. */
function synth(context: Record<string, unknown> = {}): { stacks: ThresholdStacks; api: Template; messaging: Template } {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { ...cdkJson.context, stage: 'dev', 'aws:cdk:bundling-stacks': [], ...context },
  });
  const stacks = addThresholdStacks(app, loadStageConfig(app.node));
  return { stacks, api: Template.fromStack(stacks.api), messaging: Template.fromStack(stacks.messaging) };
}

const functionEnv = (t: Template, name: string): Record<string, unknown> =>
  Object.values(t.findResources('AWS::Lambda::Function')).find(
    (f) => f.Properties.FunctionName === `threshold-dev-${name}`,
  )!.Properties.Environment.Variables;

/** Every other stack's output a template reads: `<stack>.<output>`. */
function consumed(t: Template): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const ref = o['Fn::GetStackOutput'] as { StackName: string; OutputName: string } | undefined;
    if (ref) found.add(`${ref.StackName}.${ref.OutputName}`);
    for (const value of Object.values(o)) walk(value);
  };
  walk(t.toJSON());
  return [...found].sort();
}

describe('a new Cognito domain prefix', () => {
  const one = synth({ cognitoDomainPrefix: 'threshold-dev-first' });
  const two = synth({ cognitoDomainPrefix: 'threshold-dev-second' });

  it("changes the API stack's template, so `cdk deploy --all` deploys it, and the console signs in at the new domain", () => {
    expect(JSON.stringify(two.api.toJSON())).not.toEqual(JSON.stringify(one.api.toJSON()));
    expect(functionEnv(one.api, 'console').COGNITO_DOMAIN_URL).toBe(
      'https://threshold-dev-first.auth.eu-west-2.amazoncognito.com',
    );
    expect(functionEnv(two.api, 'console').COGNITO_DOMAIN_URL).toBe(
      'https://threshold-dev-second.auth.eu-west-2.amazoncognito.com',
    );
  });

  it('changes nothing else in the API stack: the same resources under the same logical ids, only the prefix differs', () => {
    const normalised = (t: Template, prefix: string) => JSON.stringify(t.toJSON()).replaceAll(prefix, '<prefix>');
    expect(normalised(two.api, 'threshold-dev-second')).toEqual(normalised(one.api, 'threshold-dev-first'));
    expect(Object.keys(two.api.toJSON().Resources).sort()).toEqual(Object.keys(one.api.toJSON().Resources).sort());
  });

  it('is deployed to the identity stack first: the API stack depends on it, so the domain exists before the console points at it', () => {
    expect(two.stacks.api.dependencies).toContain(two.stacks.identity);
    expect(two.stacks.messaging.dependencies).not.toContain(two.stacks.identity);
  });
});

describe("a configured email-hash key ciphertext (keeping a stage's key)", () => {
  it('is written into every compute stack that opens the key, not read from the data stack, so setting it redeploys them', () => {
    const ciphertext = Buffer.alloc(184, 7).toString('base64');
    const { api, messaging } = synth({ emailHashKeyCiphertext: ciphertext });
    for (const t of [api, messaging])
      t.hasResourceProperties('Custom::EmailHashKey', { Ciphertext: ciphertext, Stage: 'dev' });
  });
});

describe('what still crosses stacks by reference', () => {
  it('is only what a stateful resource keeps for its lifetime: never the sign-in domain or any value the stage config decides', () => {
    const { stacks, api, messaging } = synth();
    // Producer outputs are named after the resource and attribute they hold.
    const allowed = [
      /^Threshold-dev-Data\.PublishOutput(FnGetAttDataKey[0-9A-F]+Arn|RefTable[0-9A-F]+|FnGetAttTable[0-9A-F]+(Arn|StreamArn)|RefAlarmTopic[0-9A-F]+|RefEmailHashKey[0-9A-F]+|FnGetAttEmailHashKeyProviderframeworkonEvent[0-9A-F]+Arn)[0-9A-F]+$/,
      /^Threshold-dev-Identity\.PublishOutputRef(Therapists|TherapistsTherapistApp)[0-9A-F]+$/,
      /^Threshold-dev-Api\.PublishOutputFnGetAttApi[0-9A-F]+ApiEndpoint[0-9A-F]+$/,
    ];
    const read = [...consumed(api), ...consumed(messaging)];
    expect(read.length).toBeGreaterThan(0);
    for (const output of read)
      expect(
        allowed.some((a) => a.test(output)),
        output,
      ).toBe(true);
    expect(read.join(' ')).not.toMatch(/SignIn|Domain/);
    // The identity stack's own output for ops still says where sign-in is.
    expect(JSON.stringify(Template.fromStack(stacks.identity).toJSON().Outputs.CognitoDomainUrl)).toContain(
      'amazoncognito.com',
    );
  });
});
