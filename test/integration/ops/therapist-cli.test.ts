/**
 * `npm run therapist`, run as ops run it: a child process with only the AWS SDK's own endpoint
 * settings (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL_DYNAMODB) pointing it at
 * cognito-local and DynamoDB Local. Then the app's own handlers read what it wrote.
 *
 * cognito-local answers every call the command makes except AdminUserGlobalSignOut (it replies
 * "Unsupported"), and it does not refuse sign-in to a disabled user. So the command's endpoint runs
 * through a small pass-through in front of the emulator that records that one call and answers it as
 * Cognito does (an empty 200); its request is also checked as the SDK builds it, and "sign-in
 * refused" is checked as the user's Enabled flag, which is what Cognito's sign-in reads.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTherapist } from '#infra/local/seed.js';
import type { RunningService } from '#infra/local/emulators.js';
import { keys } from '#shared/store/keys.js';
import { handlerMode, send, type ApiReply } from '#test/support/driver.js';
import { localCredentials, startCognitoLocal } from '#test/support/cognito-local.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry } from '#test/support/steps/when.js';
import { aReturnFrom, someoneAsksToReturn, therapistAddsClient } from '../clients/steps.js';

const env = useTestEnvironment();
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const region = 'eu-west-2';
const baseUrl = 'https://api.threshold.test';

let dataDir: string;
let cognitoLocal: RunningService;
let passThrough: Server;
let passThroughUrl: string;
const signOuts: unknown[] = [];
let cognito: CognitoIdentityProviderClient;
let db: DynamoDBDocumentClient;
let userPoolId: string;

/** Forwards every call to cognito-local, but records AdminUserGlobalSignOut and answers it as Cognito does. */
function startPassThrough(target: string): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const action = String(req.headers['x-amz-target'] ?? '');
    if (action === 'AWSCognitoIdentityProviderService.AdminUserGlobalSignOut') {
      signOuts.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{}');
      return;
    }
    const forwarded = await fetch(`${target}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers: {
        'content-type': String(req.headers['content-type'] ?? 'application/x-amz-json-1.1'),
        'x-amz-target': action,
      },
      body,
    });
    res
      .writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' })
      .end(await forwarded.text());
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx tsx scripts/therapist.ts …` with a clean environment: only the SDK's own settings. */
function therapistCommand(...args: string[]): Promise<Run>;
function therapistCommand(extraEnv: Record<string, string>, ...args: string[]): Promise<Run>;
function therapistCommand(first: string | Record<string, string>, ...rest: string[]): Promise<Run> {
  const [extraEnv, args] = typeof first === 'string' ? [{}, [first, ...rest]] : [first, rest];
  return new Promise((done) => {
    execFile(
      'npx',
      ['tsx', 'scripts/therapist.ts', ...args],
      {
        cwd: repoRoot,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_REGION: region,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: passThroughUrl,
          AWS_ENDPOINT_URL_DYNAMODB: env.dynamodbEndpoint,
          ...extraEnv,
        },
      },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const target = () => ['--user-pool-id', userPoolId, '--table', env.tableName, '--base-url', baseUrl];
const sam = [
  '--email',
  'Sam.Rivera@practice.test',
  '--name',
  'Sam Rivera',
  '--short-name',
  'Sam',
  '--zone',
  'Europe/London',
];

const profileItem = async (therapistId: string) =>
  (await db.send(new GetCommand({ TableName: env.tableName, Key: keys.therapist(therapistId), ConsistentRead: true })))
    .Item;
const partition = async (therapistId: string) =>
  (
    await db.send(
      new QueryCommand({
        TableName: env.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.therapist(therapistId).pk },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];
const users = async () => (await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId }))).Users ?? [];
const words = (reply: ApiReply) => reply.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threshold-cognito-'));
  cognitoLocal = await startCognitoLocal(dataDir);
  passThrough = await startPassThrough(cognitoLocal.url);
  const address = passThrough.address();
  passThroughUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  cognito = new CognitoIdentityProviderClient({ endpoint: cognitoLocal.url, region, credentials: localCredentials });
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: env.dynamodbEndpoint, region, credentials: localCredentials }),
  );
  // As the identity stack builds it: the email address is the username.
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'threshold-test-therapists',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  );
  userPoolId = UserPool!.Id!;
}, 60_000);

afterAll(async () => {
  cognito?.destroy();
  db?.destroy();
  await new Promise<void>((done) => (passThrough ? passThrough.close(() => done()) : done()));
  await cognitoLocal?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.runIf(handlerMode)('npm run therapist', () => {
  let therapistId: string;

  it('refuses what is not a therapist, saying which option and why, and changes nothing (exit 2)', async () => {
    const run = await therapistCommand(
      'add',
      ...target(),
      '--email',
      'sam-at-practice',
      '--name',
      'Sam Rivera',
      '--short-name',
      'Sam',
      '--zone',
      'Europe/Londres',
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('--email must be an email address, like sam@example.org');
    expect(run.stderr).toContain(
      '--zone This is not a time zone we know. Please use a name like Europe/London or America/New_York.',
    );
    expect(run.stderr).toContain('Usage:');
    const unknown = await therapistCommand(
      'add',
      '--email',
      'sam@practice.test',
      '--name',
      'Sam',
      '--short-name',
      'Sam',
      '--zone',
      'Europe/London',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--stage is needed (or both --user-pool-id and --table)');
    expect(await users()).toHaveLength(0);
  }, 60_000);

  it('adds a therapist: one Cognito user invited by email, one profile under its sub, exactly the shape the app reads', async () => {
    const run = await therapistCommand('add', ...target(), ...sam);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Created the sign-in for sam.rivera@practice.test: Cognito is emailing a temporary password.',
    );

    const [user, ...others] = await users();
    expect(others).toHaveLength(0);
    therapistId = user!.Attributes!.find((a) => a.Name === 'sub')!.Value!;
    expect(user!.Attributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'sam.rivera@practice.test' },
        { Name: 'email_verified', Value: 'true' },
      ]),
    );
    expect(user!.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(run.stdout).toContain(`Created the profile for therapist ${therapistId}.`);
    expect(run.stdout).toContain(`Contact page: ${baseUrl}/contact/${therapistId}`);
    expect(run.stdout).toContain(`Console (sign in here): ${baseUrl}/console`);

    const item = await profileItem(therapistId);
    expect(item).toEqual({
      ...keys.therapist(therapistId),
      entity: 'therapist',
      therapistId,
      displayName: 'Sam Rivera',
      shortName: 'Sam',
      email: 'sam.rivera@practice.test',
      timeZone: 'Europe/London',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    // The same fields as the local seed's therapist, which every page and email already reads.
    const { pk: _pk, sk: _sk, entity: _entity, ...profile } = item!;
    expect(Object.keys(profile).sort()).toEqual(Object.keys(demoTherapist).sort());

    const page = await send({ method: 'GET', path: `/contact/${therapistId}` });
    expect(page.status).toBe(200);
    expect(words(page)).toContain('Write to Sam Rivera');
  }, 60_000);

  it('changes nothing when run again, and says what exists', async () => {
    const before = await profileItem(therapistId);
    const run = await therapistCommand('add', ...target(), ...sam, '--name', 'Samantha Rivera');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('The sign-in for sam.rivera@practice.test exists already (enabled): left as it is.');
    expect(run.stdout).toContain(
      `The profile for therapist ${therapistId} exists already: left as it is. It differs in displayName; the therapist changes their own details.`,
    );
    expect(run.stdout).toContain('Nothing changed.');
    expect(await users()).toHaveLength(1);
    expect(await profileItem(therapistId)).toEqual(before);
  }, 60_000);

  it('finishes a run that stopped half way: a sign-in without a profile gets its profile', async () => {
    const created = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: 'kim@practice.test',
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: 'kim@practice.test' }],
      }),
    );
    const kimId = created.User!.Attributes!.find((a) => a.Name === 'sub')!.Value!;
    const run = await therapistCommand(
      'add',
      ...target(),
      '--email',
      'kim@practice.test',
      '--name',
      'Kim Lee',
      '--short-name',
      'Kim',
      '--zone',
      'Europe/Dublin',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('The sign-in for kim@practice.test exists already (enabled): left as it is.');
    expect(run.stdout).toContain(`Created the profile for therapist ${kimId}.`);
    expect(run.stdout).not.toContain('Nothing changed.');
    expect(await profileItem(kimId)).toMatchObject({
      therapistId: kimId,
      displayName: 'Kim Lee',
      timeZone: 'Europe/Dublin',
    });
  }, 60_000);

  it('lists therapists with only what ops need', async () => {
    const run = await therapistCommand('list', ...target());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${therapistId}\tSam Rivera\tsam.rivera@practice.test\tenabled\ttaking`);
    expect(run.stdout).toContain('2 therapists.');
    expect(run.stdout).not.toMatch(/Europe\/(London|Dublin)/);
  }, 60_000);

  it('disables: sign-in off, every session signed out, the contact pages kind and closed, every record kept', async () => {
    const client = aClient();
    expect((await clientSendsEnquiry(therapistId, anEnquiryFrom(client), client)).status).toBe(201);
    const known = aClient();
    expect(
      (await therapistAddsClient(therapistId, { name: known.name, email: known.email, status: 'paused' })).status,
    ).toBe(201);
    const before = await partition(therapistId);

    const run = await therapistCommand('disable', ...target(), '--email', 'sam.rivera@practice.test');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Therapist ${therapistId} is not taking messages here`);

    const user = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'sam.rivera@practice.test' }),
    );
    expect(user.Enabled).toBe(false);
    expect(signOuts).toEqual([{ UserPoolId: userPoolId, Username: 'sam.rivera@practice.test' }]);

    const page = await send({ method: 'GET', path: `/contact/${therapistId}` });
    expect(page.status).toBe(410);
    const text = words(page);
    expect(text).toContain('Sam Rivera is not taking messages here');
    expect(text).toContain('Nothing you write here would reach Sam.');
    expect(text).toContain('Samaritans: call 116 123, free, day or night');
    expect(page.text).not.toContain('<form');
    const back = await send({ method: 'GET', path: `/contact/${therapistId}/return` });
    expect(back.status).toBe(410);
    expect(words(back)).toContain('Sam Rivera is not taking messages here');

    const json = await clientSendsEnquiry(therapistId, anEnquiryFrom(aClient()), aClient());
    expect(json.status).toBe(410);
    expect(json.json()).toMatchObject({
      type: 'https://threshold.dev/problems/not-taking-messages',
      status: 410,
      therapist: { displayName: 'Sam Rivera' },
      crisisLines: expect.arrayContaining([{ name: 'Samaritans', detail: 'call 116 123, free, day or night' }]),
    });
    const someone = aClient();
    const form = await send({
      method: 'POST',
      path: `/contact/${therapistId}`,
      form: { name: someone.name, email: someone.email, consent: 'true', consentVersion: '1', website: '' },
      sourceIp: someone.sourceIp,
    });
    expect(form.status).toBe(410);
    expect(words(form)).toContain('Sam Rivera is not taking messages here');
    // Coming back meets the same answer whether or not the person is a client: it tells nobody who is.
    const [fromClient, fromStranger] = [
      await someoneAsksToReturn(therapistId, aReturnFrom(known), known),
      await someoneAsksToReturn(therapistId, aReturnFrom(aClient()), aClient()),
    ];
    expect([fromClient.status, fromStranger.status]).toEqual([410, 410]);
    expect(fromClient.json()).toEqual(fromStranger.json());

    // Every record is kept: the same items, the profile marked and nothing else changed.
    const after = await partition(therapistId);
    expect(after.map((i) => i.sk)).toEqual(before.map((i) => i.sk));
    const profile = after.find((i) => i.sk === keys.therapist(therapistId).sk)!;
    expect(profile.notTakingMessagesSince).toEqual(expect.any(String));
    expect({ ...profile, notTakingMessagesSince: undefined }).toEqual({
      ...before.find((i) => i.sk === profile.sk),
      notTakingMessagesSince: undefined,
    });
    expect((await therapistCommand('list', ...target())).stdout).toContain(
      `${therapistId}\tSam Rivera\tsam.rivera@practice.test\tdisabled\tnot taking`,
    );
  }, 90_000);

  it('enables again: sign-in on, the contact page takes messages', async () => {
    const run = await therapistCommand('enable', ...target(), '--email', 'sam.rivera@practice.test');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Therapist ${therapistId} takes messages again.`);
    expect(
      (await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'sam.rivera@practice.test' })))
        .Enabled,
    ).toBe(true);
    expect((await profileItem(therapistId))?.notTakingMessagesSince).toBeUndefined();
    const page = await send({ method: 'GET', path: `/contact/${therapistId}` });
    expect(page.status).toBe(200);
    expect(words(page)).toContain('Write to Sam Rivera');
  }, 60_000);

  it('finds the pool, the table and the addresses from the stage’s stack outputs', async () => {
    // CloudFormation does not run here: a stand-in answers DescribeStacks in its query protocol with
    // the outputs infra/stacks declares, so the command's own lookup runs end to end.
    const outputs: Record<string, Record<string, string>> = {
      'Threshold-ops-Identity': {
        UserPoolId: userPoolId,
        UserPoolClientId: 'client',
        CognitoDomainUrl: 'https://ops.auth.eu-west-2.amazoncognito.com',
      },
      'Threshold-ops-Data': { TableName: env.tableName },
      'Threshold-ops-Api': {
        PublicBaseUrl: 'https://care.practice.test',
        ConsoleUrl: 'https://care.practice.test/console',
      },
    };
    const cloudFormation = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const name = form.get('StackName') ?? '';
      const found = form.get('Action') === 'DescribeStacks' ? outputs[name] : undefined;
      if (!found) {
        res
          .writeHead(400, { 'content-type': 'text/xml' })
          .end(
            `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${name} does not exist</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
          );
        return;
      }
      const members = Object.entries(found)
        .map(([k, v]) => `<member><OutputKey>${k}</OutputKey><OutputValue>${v}</OutputValue></member>`)
        .join('');
      res
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(
          `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${name}</StackName><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-12-01T00:00:00Z</CreationTime><Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`,
        );
    });
    await new Promise<void>((done) => cloudFormation.listen(0, '127.0.0.1', done));
    const address = cloudFormation.address();
    const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const run = await therapistCommand(
        { AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint },
        'add',
        '--stage',
        'ops',
        ...sam,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('Nothing changed.');
      expect(run.stdout).toContain(`Contact page: https://care.practice.test/contact/${therapistId}`);
      expect(run.stdout).toContain('Console (sign in here): https://care.practice.test/console');
      const missing = await therapistCommand(
        { AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint },
        'list',
        '--stage',
        'nowhere',
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(
        /There is no stack Threshold-nowhere-(Identity|Data) in eu-west-2\. Is the stage deployed there \(--region\)\? Or give --user-pool-id and --table\./,
      );
    } finally {
      await new Promise<void>((done) => cloudFormation.close(() => done()));
    }
  }, 60_000);

  it('says when there is no such therapist to disable (exit 1)', async () => {
    const run = await therapistCommand('disable', ...target(), '--email', 'nobody@practice.test');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No sign-in for nobody@practice.test');
  }, 60_000);
});

describe('what the command asks of Cognito', () => {
  it('invites by email: with Cognito’s default medium (SMS) a pool without phone numbers cannot send the password', async () => {
    const attributes = [{ Name: 'email', Value: 'sms-default@practice.test' }];
    await expect(
      cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: 'sms-default@practice.test',
          UserAttributes: attributes,
        }),
      ),
    ).rejects.toThrow(/no attribute matching desired delivery mediums/);
  });

  it('signs a user out everywhere with the pool and username, as AdminUserGlobalSignOut (request built by the SDK itself)', async () => {
    const client = new CognitoIdentityProviderClient({
      endpoint: 'http://127.0.0.1:9',
      region,
      credentials: localCredentials,
    });
    let seen: { headers: Record<string, string>; body: string } | undefined;
    // Stops the call at the end of the SDK's own build, serialize and sign steps: nothing is sent.
    client.middlewareStack.add(
      () => async (args) => {
        const request = args.request as { headers: Record<string, string>; body: string | Uint8Array };
        seen = {
          headers: request.headers,
          body: typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body),
        };
        return { response: { statusCode: 200, headers: {}, body: undefined }, output: { $metadata: {} } } as never;
      },
      { step: 'finalizeRequest', priority: 'low', name: 'captureRequest' },
    );
    await client
      .send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: 'sam.rivera@practice.test' }))
      .catch(() => undefined);
    client.destroy();
    expect(seen?.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.AdminUserGlobalSignOut');
    expect(JSON.parse(seen!.body)).toEqual({ UserPoolId: userPoolId, Username: 'sam.rivera@practice.test' });
  });
});
