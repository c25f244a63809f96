/**
 * `npm run therapist -- <add|list|disable|enable> --stage <stage> …`: a therapist in one command.
 *
 * - add: the Cognito user (invited by email: Cognito's default medium is SMS, and the pool has no
 *   phone attribute, so without EMAIL the temporary password would never arrive), then the profile
 *   under the user's `sub`, written only where none exists. Safe to run again: what exists is
 *   reported and left as it is.
 * - disable: sign-in stops (AdminDisableUser), every session ends (AdminUserGlobalSignOut), and the
 *   contact pages say kindly that the therapist is not taking messages here. Every record is kept.
 * - enable: the reverse.
 * - list: id, name, email, whether sign-in is on and messages are taken; nothing more.
 *
 * The pool, table and addresses come from the stage's stack outputs, or from --user-pool-id,
 * --table and --base-url. The AWS SDK's own settings apply, endpoints included
 * (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL_DYNAMODB): no endpoint is set here.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { timeZoneSchema } from '#shared/domain/weekly-hours-schema.js';
import { keys, openStore, takesMessages, type Store } from '#shared/store/index.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import * as z from '#shared/zod.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** 0 done (or nothing to do), 1 a call failed or the therapist is not there, 2 the command was wrong. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

export const usage = `Usage:
  npm run therapist -- add     --stage <stage> --email <email> --name "<display name>" --short-name <name> --zone <IANA zone>
  npm run therapist -- list    --stage <stage>
  npm run therapist -- disable --stage <stage> --email <email>
  npm run therapist -- enable  --stage <stage> --email <email>

Instead of --stage (which reads the stage's CloudFormation outputs): --user-pool-id <id> --table <name>
[--base-url <https://…>] [--console-url <https://…/console>]. --region <region> overrides the stage's.`;

const email = z
  .email({ error: 'must be an email address, like sam@example.org' })
  .check(z.maxLength(254, 'must be at most 254 characters'));
const text = (what: string, max: number) =>
  z
    .string({ error: `is required: ${what}` })
    .check(z.trim(), z.minLength(1, `is required: ${what}`), z.maxLength(max, `must be at most ${max} characters`));

const target = {
  stage: z.optional(
    z.string().check(z.regex(/^[a-z][a-z0-9-]{1,19}$/, 'must be a stage name from cdk.json, like prod')),
  ),
  'user-pool-id': z.optional(
    z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must be a user pool id, like eu-west-2_AbC123')),
  ),
  table: z.optional(z.string().check(z.regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'))),
  'base-url': z.optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) address' })),
  'console-url': z.optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) address' })),
  region: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-2'))),
};

const targetRule = (v: {
  stage?: string | undefined;
  'user-pool-id'?: string | undefined;
  table?: string | undefined;
}) => v.stage !== undefined || (v['user-pool-id'] !== undefined && v.table !== undefined);
const targetMessage = { error: 'is needed (or both --user-pool-id and --table)', path: ['stage'] };

export const addOptions = z
  .strictObject({
    ...target,
    email,
    name: text('the name clients see, like "Sam Rivera"', 100),
    'short-name': text('how messages name them in a sentence, like "Sam"', 50),
    zone: timeZoneSchema,
  })
  .check(z.refine(targetRule, targetMessage));
export const oneTherapistOptions = z.strictObject({ ...target, email }).check(z.refine(targetRule, targetMessage));
export const listOptions = z.strictObject(target).check(z.refine(targetRule, targetMessage));

type Target = z.infer<typeof listOptions>;

export interface Resolved {
  userPoolId: string;
  tableName: string;
  /** Where contact pages live (the PublicBaseUrl output), when known. */
  baseUrl?: string | undefined;
  consoleUrl?: string | undefined;
  region?: string | undefined;
}

/** A stage's pinned region in cdk.json, if it has one; otherwise the SDK's own settings decide. */
function stageRegion(stage: string): string | undefined {
  try {
    const cdk = JSON.parse(readFileSync(resolve(repoRoot, 'cdk.json'), 'utf8')) as {
      context?: { stages?: Record<string, { region?: unknown }> };
    };
    const region = cdk.context?.stages?.[stage]?.region;
    return typeof region === 'string' ? region : undefined;
  } catch {
    return undefined;
  }
}

async function stackOutputs(cloudFormation: CloudFormationClient, stackName: string): Promise<Record<string, string>> {
  const { Stacks } = await cloudFormation
    .send(new DescribeStacksCommand({ StackName: stackName }))
    .catch(async (error: unknown) => {
      if (!(error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message)))
        throw error;
      const region = await cloudFormation.config.region();
      throw new Error(
        `There is no stack ${stackName} in ${region}. Is the stage deployed there (--region)? Or give --user-pool-id and --table.`,
      );
    });
  return Object.fromEntries(
    (Stacks?.[0]?.Outputs ?? []).flatMap((o) => (o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue]] : [])),
  );
}

/** The pool, table and addresses: from the options, else from the stage's stack outputs (infra/stacks). */
export async function resolveTarget(options: Target): Promise<Resolved> {
  const region = options.region ?? (options.stage ? stageRegion(options.stage) : undefined);
  if (options['user-pool-id'] && options.table)
    return {
      userPoolId: options['user-pool-id'],
      tableName: options.table,
      baseUrl: options['base-url'],
      consoleUrl:
        options['console-url'] ??
        (options['base-url'] ? `${options['base-url'].replace(/\/+$/, '')}/console` : undefined),
      region,
    };
  const stage = options.stage!;
  const cloudFormation = new CloudFormationClient(region ? { region } : {});
  try {
    const [identity, data, api] = await Promise.all([
      stackOutputs(cloudFormation, `Threshold-${stage}-Identity`),
      stackOutputs(cloudFormation, `Threshold-${stage}-Data`),
      stackOutputs(cloudFormation, `Threshold-${stage}-Api`).catch(() => ({}) as Record<string, string>),
    ]);
    const userPoolId = options['user-pool-id'] ?? identity.UserPoolId;
    const tableName = options.table ?? data.TableName;
    if (!userPoolId) throw new Error(`Threshold-${stage}-Identity has no UserPoolId output; give --user-pool-id`);
    if (!tableName) throw new Error(`Threshold-${stage}-Data has no TableName output; give --table`);
    return {
      userPoolId,
      tableName,
      baseUrl: options['base-url'] ?? api.PublicBaseUrl,
      consoleUrl: options['console-url'] ?? api.ConsoleUrl,
      region,
    };
  } finally {
    cloudFormation.destroy();
  }
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

interface Clients {
  cognito: CognitoIdentityProviderClient;
  db: DynamoDBDocumentClient;
  /** The app's own store handle over the table, so the profile is written as the app reads it. */
  store: Store;
}

/** No endpoint or credentials are set: the SDK reads its own (AWS_ENDPOINT_URL_*, profiles, roles). */
function openClients(region: string | undefined, tableName: string): Clients {
  const config = region ? { region } : {};
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { cognito: new CognitoIdentityProviderClient(config), db, store: openStore({ db, tableName }) };
}

const attribute = (attributes: AttributeType[] | undefined, name: string): string | undefined =>
  attributes?.find((a) => a.Name === name)?.Value;

interface PoolUser {
  sub: string;
  email: string | undefined;
  enabled: boolean;
}

async function findUser(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
): Promise<PoolUser | undefined> {
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    const sub = attribute(user.UserAttributes, 'sub');
    if (!sub) throw new Error('the user has no sub attribute');
    return { sub, email: attribute(user.UserAttributes, 'email'), enabled: user.Enabled !== false };
  } catch (error) {
    if (error instanceof Error && error.name === 'UserNotFoundException') return undefined;
    throw error;
  }
}

const addresses = (resolved: Resolved, therapistId: string, out: Output) => {
  const id = encodeURIComponent(therapistId);
  if (resolved.baseUrl) out.out(`Contact page: ${resolved.baseUrl.replace(/\/+$/, '')}/contact/${id}`);
  else
    out.out(
      `Contact page: <PublicBaseUrl>/contact/${id} (give --base-url, or deploy the Api stack, to see it in full)`,
    );
  if (resolved.consoleUrl) out.out(`Console (sign in here): ${resolved.consoleUrl}`);
};

export async function add(
  options: z.infer<typeof addOptions>,
  resolved: Resolved,
  clients: Clients,
  out: Output,
  now = new Date(),
): Promise<number> {
  const { cognito, store } = clients;
  const username = options.email.toLowerCase();
  let user = await findUser(cognito, resolved.userPoolId, username);
  let createdUser = false;
  if (!user) {
    try {
      const created = await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: resolved.userPoolId,
          Username: username,
          // Cognito's default is SMS, and the pool has no phone number to send to.
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: username },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      const sub = attribute(created.User?.Attributes, 'sub');
      user = sub
        ? { sub, email: username, enabled: created.User?.Enabled !== false }
        : await findUser(cognito, resolved.userPoolId, username);
      createdUser = true;
    } catch (error) {
      // Someone else created it between the read and the create: it exists, which is what was asked.
      if (!(error instanceof Error && error.name === 'UsernameExistsException')) throw error;
      user = await findUser(cognito, resolved.userPoolId, username);
    }
    if (!user) throw new Error('The user was created but could not be read back');
  }
  out.out(
    createdUser
      ? `Created the sign-in for ${username}: Cognito is emailing a temporary password.`
      : `The sign-in for ${username} exists already (${user.enabled ? 'enabled' : 'disabled'}): left as it is.`,
  );

  const profile: TherapistProfile = {
    therapistId: user.sub,
    displayName: options.name,
    shortName: options['short-name'],
    email: username,
    timeZone: options.zone,
    createdAt: now.toISOString(),
  };
  const createdProfile = await store.therapists.create(profile);
  if (createdProfile) out.out(`Created the profile for therapist ${user.sub}.`);
  else {
    const existing = await store.therapists.get(user.sub);
    const differs = existing
      ? (['displayName', 'shortName', 'email', 'timeZone'] as const).filter(
          (field) => existing[field] !== profile[field],
        )
      : [];
    out.out(
      `The profile for therapist ${user.sub} exists already: left as it is.${differs.length ? ` It differs in ${differs.join(', ')}; the therapist changes their own details.` : ''}`,
    );
  }
  if (!createdUser && !createdProfile) out.out('Nothing changed.');
  out.out(`Therapist id: ${user.sub}`);
  addresses(resolved, user.sub, out);
  return exitCodes.ok;
}

export async function setEnabled(
  enabled: boolean,
  options: z.infer<typeof oneTherapistOptions>,
  resolved: Resolved,
  clients: Clients,
  out: Output,
  now = new Date(),
): Promise<number> {
  const { cognito, store } = clients;
  const username = options.email.toLowerCase();
  const user = await findUser(cognito, resolved.userPoolId, username);
  if (!user) {
    out.err(`No sign-in for ${username} in ${resolved.userPoolId}: nothing changed.`);
    return exitCodes.failed;
  }
  if (enabled) {
    await cognito.send(new AdminEnableUserCommand({ UserPoolId: resolved.userPoolId, Username: username }));
  } else {
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: resolved.userPoolId, Username: username }));
    // Ends every session: refresh tokens are revoked, so the console signs out within the access token's hour.
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: resolved.userPoolId, Username: username }));
  }
  out.out(
    enabled
      ? `Sign-in is on again for ${username}.`
      : `Sign-in is off for ${username}, and every session is signed out.`,
  );
  const profile = await store.therapists.setTakingMessages(user.sub, enabled ? undefined : now);
  if (!profile) {
    out.err(`Therapist ${user.sub} has no profile in ${resolved.tableName}: run add to create it.`);
    return exitCodes.failed;
  }
  out.out(
    enabled
      ? `Therapist ${user.sub} takes messages again.`
      : `Therapist ${user.sub} is not taking messages here (since ${profile.notTakingMessagesSince}): the contact pages say so, with the crisis lines. Every record is kept.`,
  );
  addresses(resolved, user.sub, out);
  return exitCodes.ok;
}

export async function list(resolved: Resolved, clients: Clients, out: Output): Promise<number> {
  const { cognito, db } = clients;
  const users: PoolUser[] = [];
  let token: string | undefined;
  do {
    const page = await cognito.send(
      new ListUsersCommand({
        UserPoolId: resolved.userPoolId,
        AttributesToGet: ['sub', 'email'],
        ...(token ? { PaginationToken: token } : {}),
      }),
    );
    for (const u of page.Users ?? []) {
      const sub = attribute(u.Attributes, 'sub');
      if (sub) users.push({ sub, email: attribute(u.Attributes, 'email'), enabled: u.Enabled !== false });
    }
    token = page.PaginationToken;
  } while (token);

  const profiles = new Map<string, TherapistProfile>();
  for (let i = 0; i < users.length; i += 100) {
    let request: Record<string, unknown>[] = users.slice(i, i + 100).map((u) => keys.therapist(u.sub));
    for (let attempt = 0; request.length > 0 && attempt < 5; attempt++) {
      const got = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [resolved.tableName]: {
              Keys: request,
              ProjectionExpression: 'therapistId, displayName, notTakingMessagesSince',
            },
          },
        }),
      );
      for (const item of got.Responses?.[resolved.tableName] ?? [])
        profiles.set(String(item.therapistId), item as TherapistProfile);
      request = got.UnprocessedKeys?.[resolved.tableName]?.Keys ?? [];
    }
  }
  out.out(['id', 'name', 'email', 'sign-in', 'messages'].join('\t'));
  for (const u of users) {
    const p = profiles.get(u.sub);
    out.out(
      [
        u.sub,
        p?.displayName ?? '(no profile)',
        u.email ?? '',
        u.enabled ? 'enabled' : 'disabled',
        p ? (takesMessages(p) ? 'taking' : 'not taking') : '-',
      ].join('\t'),
    );
  }
  out.out(`${users.length} therapist${users.length === 1 ? '' : 's'}.`);
  return exitCodes.ok;
}

const problemsOf = (error: z.core.$ZodError): string =>
  error.issues
    .map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown option${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((k) => `--${k}`).join(', ')}`
        : `--${issue.path.join('.') || '?'} ${issue.message}`,
    )
    .join('\n');

export async function main(argv: string[], out: Output): Promise<number> {
  const [command, ...rest] = argv;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: Object.fromEntries(
        [
          'stage',
          'user-pool-id',
          'table',
          'base-url',
          'console-url',
          'region',
          'email',
          'name',
          'short-name',
          'zone',
        ].map((n) => [n, { type: 'string' }]),
      ),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    out.err(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return exitCodes.usage;
  }
  const schema =
    command === 'add'
      ? addOptions
      : command === 'disable' || command === 'enable'
        ? oneTherapistOptions
        : command === 'list'
          ? listOptions
          : undefined;
  if (!schema) {
    out.err(`${command ? `Unknown command: ${command}` : 'Which command?'}\n\n${usage}`);
    return exitCodes.usage;
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    out.err(`${problemsOf(parsed.error)}\n\n${usage}`);
    return exitCodes.usage;
  }
  let clients: Clients | undefined;
  try {
    const resolved = await resolveTarget(parsed.data);
    clients = openClients(resolved.region, resolved.tableName);
    if (command === 'add') return await add(parsed.data as z.infer<typeof addOptions>, resolved, clients, out);
    if (command === 'list') return await list(resolved, clients, out);
    return await setEnabled(
      command === 'enable',
      parsed.data as z.infer<typeof oneTherapistOptions>,
      resolved,
      clients,
      out,
    );
  } catch (error) {
    // The SDK's own message and error name: never a token or a credential.
    out.err(`Failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return exitCodes.failed;
  } finally {
    clients?.cognito.destroy();
    clients?.db.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
