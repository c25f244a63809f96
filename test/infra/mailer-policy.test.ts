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
import { loadStageConfig } from '#infra/config.js';
import { addThresholdStacks } from '#infra/stacks/threshold.js';
import { allows, pseudo, stackOutput, type Statement } from './support/iam-evaluate.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

function roleStatements(t: Template, functionName: string): Statement[] {
  const fn = Object.values(t.findResources('AWS::Lambda::Function')).find(
    (f) => f.Properties.FunctionName === functionName,
  )!;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(t.findResources('AWS::IAM::ManagedPolicy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

let mailer: Statement[];
let sweep: Statement[];
let calendarSync: Statement[];
/** The data stack's outputs by what they hold, as the messaging stack reads them. */
let dataKeyArn: string;
let streamArn: string;
beforeAll(() => {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { ...cdkJson.context, stage: 'dev', 'aws:cdk:bundling-stacks': [] },
  });
  const stacks = addThresholdStacks(app, loadStageConfig(app.node));
  const messaging = Template.fromStack(stacks.messaging);
  mailer = roleStatements(messaging, 'threshold-dev-mailer');
  sweep = roleStatements(messaging, 'threshold-dev-sweep');
  calendarSync = roleStatements(messaging, 'threshold-dev-calendar-sync');
  const outputs = Object.entries(
    Template.fromStack(stacks.data).toJSON().Outputs as Record<string, { Value: { 'Fn::GetAtt'?: [string, string] } }>,
  );
  const output = (resource: RegExp, attribute: string): string => {
    const found = outputs.find(
      ([, o]) => resource.test(o.Value['Fn::GetAtt']?.[0] ?? '') && o.Value['Fn::GetAtt']?.[1] === attribute,
    );
    if (!found) throw new Error(`the data stack has no output of ${resource} ${attribute}`);
    return stackOutput(stacks.data.stackName, found[0]);
  };
  dataKeyArn = output(/^DataKey/, 'Arn');
  streamArn = output(/^Table/, 'StreamArn');
});

const arn = (resource: string): string =>
  `arn:aws:ses:${pseudo['AWS::Region']}:${pseudo['AWS::AccountId']}:${resource}`;
/** Every authorisation one SendEmail call needs: the sender's identity, each recipient's (sandbox), the configuration set. */
const sendChecks = (from: string, recipients: string[], configurationSet = 'threshold-dev') =>
  [
    arn('identity/example.org'),
    ...recipients.map((r) => arn(`identity/${r}`)),
    arn(`configuration-set/${configurationSet}`),
  ].flatMap((resource) =>
    ['ses:SendEmail', 'ses:SendRawEmail'].map((action) => ({ action, resource, context: { 'ses:FromAddress': from } })),
  );

describe("the mailer's SES permission", () => {
  it("lets the mailer send to sandbox-verified recipients From the stage's sender, through its configuration set", () => {
    for (const check of sendChecks('hello@example.org', ['client@mail.example', 'therapist@practice.example']))
      expect(allows(mailer, check), JSON.stringify(check)).toBe(true);
  });

  it('refuses any other From address, even of the same verified domain', () => {
    for (const from of ['other@example.org', 'hello@elsewhere.example'])
      for (const check of sendChecks(from, ['client@mail.example']))
        expect(allows(mailer, check), JSON.stringify(check)).toBe(false);
  });

  it('refuses a send without a From address to check, and through another configuration set', () => {
    expect(allows(mailer, { action: 'ses:SendEmail', resource: arn('identity/example.org') })).toBe(false);
    const elsewhere = sendChecks('hello@example.org', [], 'someone-elses').filter((c) =>
      c.resource.includes('configuration-set'),
    );
    for (const check of elsewhere) expect(allows(mailer, check)).toBe(false);
  });

  it('gives the sweep no SES permission at all', () => {
    for (const check of sendChecks('hello@example.org', ['client@mail.example']))
      expect(allows(sweep, check)).toBe(false);
  });
});

/**
 * The table and its stream are encrypted with the stage's customer-managed key. A stream reader's
 * records are read by its event source mapping with the function's own role, and DynamoDB asks KMS to
 * decrypt them on that role's behalf, presenting kms:ViaService dynamodb.<region>.amazonaws.com (AWS
 * KMS Developer Guide, "How Amazon DynamoDB uses AWS KMS"): the one value that statement may name.
 */
describe("the stream readers' use of the data key", () => {
  const region = pseudo['AWS::Region'];
  const readers = () => ({ mailer, 'calendar sync': calendarSync });
  const decrypt = (context?: Record<string, string>) => ({
    action: 'kms:Decrypt',
    resource: dataKeyArn,
    ...(context ? { context } : {}),
  });

  it('lets each stream reader read its stream and decrypt the records through DynamoDB', () => {
    for (const [name, statements] of Object.entries(readers())) {
      for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords'])
        expect(allows(statements, { action, resource: streamArn }), `${name} ${action}`).toBe(true);
      expect(allows(statements, decrypt({ 'kms:ViaService': `dynamodb.${region}.amazonaws.com` })), name).toBe(true);
    }
  });

  it('refuses the key without DynamoDB in between: called directly, through another service, or in another region', () => {
    for (const [name, statements] of Object.entries(readers())) {
      expect(allows(statements, decrypt()), `${name} direct`).toBe(false);
      for (const via of [
        `streams.dynamodb.${region}.amazonaws.com`,
        `dynamodb.us-east-1.amazonaws.com`,
        `lambda.${region}.amazonaws.com`,
        `s3.${region}.amazonaws.com`,
      ])
        expect(allows(statements, decrypt({ 'kms:ViaService': via })), `${name} via ${via}`).toBe(false);
    }
  });

  it('names the data key itself, not any key', () => {
    for (const statements of Object.values(readers()))
      expect(
        allows(statements, {
          action: 'kms:Decrypt',
          resource: `arn:aws:kms:${region}:${pseudo['AWS::AccountId']}:key/another`,
          context: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` },
        }),
      ).toBe(false);
  });
});
