/**
 * The mailer's SES permission, evaluated as SES asks for it. SES authorises a send against every
 * identity it involves — the sender's, and in the SES sandbox each recipient's, which must be
 * verified there — and the configuration set, all under the one request's `ses:FromAddress`. A new
 * account starts in the sandbox, so a policy naming only the sender's identity refuses every email.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStageConfig } from '../../infra/config.js';
import { addThresholdStacks } from '../../infra/stacks/threshold.js';
import { allows, pseudo, type Statement } from './support/iam-evaluate.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

function roleStatements(t: Template, functionName: string): Statement[] {
  const fn = Object.values(t.findResources('AWS::Lambda::Function')).find((f) => f.Properties.FunctionName === functionName)!;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(t.findResources('AWS::IAM::ManagedPolicy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

let mailer: Statement[];
let sweep: Statement[];
beforeAll(() => {
  const app = new App({ builtinCloudFormationValidation: false, context: { ...cdkJson.context, stage: 'dev', 'aws:cdk:bundling-stacks': [] } });
  const messaging = Template.fromStack(addThresholdStacks(app, loadStageConfig(app.node)).messaging);
  mailer = roleStatements(messaging, 'threshold-dev-mailer');
  sweep = roleStatements(messaging, 'threshold-dev-sweep');
});

const arn = (resource: string): string => `arn:aws:ses:${pseudo['AWS::Region']}:${pseudo['AWS::AccountId']}:${resource}`;
/** Every authorisation one SendEmail call needs: the sender's identity, each recipient's (sandbox), the configuration set. */
const sendChecks = (from: string, recipients: string[], configurationSet = 'threshold-dev') => [
  arn('identity/example.org'),
  ...recipients.map((r) => arn(`identity/${r}`)),
  arn(`configuration-set/${configurationSet}`),
].flatMap((resource) => ['ses:SendEmail', 'ses:SendRawEmail'].map((action) => ({ action, resource, context: { 'ses:FromAddress': from } })));

describe("the mailer's SES permission", () => {
  it("lets the mailer send to sandbox-verified recipients From the stage's sender, through its configuration set", () => {
    for (const check of sendChecks('hello@example.org', ['client@mail.example', 'therapist@practice.example'])) expect(allows(mailer, check), JSON.stringify(check)).toBe(true);
  });

  it('refuses any other From address, even of the same verified domain', () => {
    for (const from of ['other@example.org', 'hello@elsewhere.example'])
      for (const check of sendChecks(from, ['client@mail.example'])) expect(allows(mailer, check), JSON.stringify(check)).toBe(false);
  });

  it('refuses a send without a From address to check, and through another configuration set', () => {
    expect(allows(mailer, { action: 'ses:SendEmail', resource: arn('identity/example.org') })).toBe(false);
    const elsewhere = sendChecks('hello@example.org', [], 'someone-elses').filter((c) => c.resource.includes('configuration-set'));
    for (const check of elsewhere) expect(allows(mailer, check)).toBe(false);
  });

  it('gives the sweep no SES permission at all', () => {
    for (const check of sendChecks('hello@example.org', ['client@mail.example'])) expect(allows(sweep, check)).toBe(false);
  });
});
