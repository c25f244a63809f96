/**
 * Stage configuration, validated with zod at synth so a bad value stops `cdk synth` with the field
 * named instead of surfacing as a broken deployment. Values come from cdk.json context `stages.<stage>`,
 * overridden field by field with `-c <field>=<value>` (e.g. `-c senderEmail=hello@example.org`).
 * The function settings are shared/config.ts `settingsSchema`, so synth-time validation and the
 * functions' run-time parsing share one shape — except `publicBaseUrl`, which the deployment itself
 * provides (the API's own URL, or the custom domain), so a redeploy can never lose it.
 *
 * Values ops must replace before a first deploy are shipped as obvious placeholders containing
 * `set-me` (under the reserved, never-resolving `.invalid` domain): they synthesise offline, the
 * synth names them, and a deploy stops before creating anything while any remains.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';
import { omit } from '#shared/zod.js';
import { settingsSchema } from '#shared/config.js';

/** CloudWatch Logs accepts only these retention periods; "never expire" is excluded on purpose. */
const logRetentionValues = Object.values(RetentionDays).filter(
  (v): v is number => typeof v === 'number' && v !== RetentionDays.INFINITE,
);

const httpsOrigin = z
  .url({ protocol: /^https$/, error: 'must be an https origin such as https://app.example.org' })
  .refine((u) => new URL(u).origin === u, {
    message: 'must be an origin only: scheme and host, no path or trailing slash',
  });

const hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
    'must be a domain name or an email address',
  );

/** What ops write in cdk.json: every function setting except publicBaseUrl. */
export const stageSettingsSchema = omit(settingsSchema, { publicBaseUrl: true });
export type StageSettings = z.infer<typeof stageSettingsSchema>;

/** The marker of a value ops must set. */
export const placeholderMarker = 'set-me';

/**
 * The one stage that may keep the example values cdk.json ships (example.org addresses and origins,
 * an example Cognito prefix): `cdk synth -c stage=local` reviews the templates offline with them.
 * Any other stage holding one stops synth, and every stage holding one refuses to deploy.
 */
export const localStage = 'local';

/** The reserved example domains (RFC 2606) cdk.json's values use, as a whole label at the end of a host. */
const exampleHost = /(^|[@./])example\.(org|com|net)(\/|$)/i;

/** Paths of the shipped example values still in a stage entry: example.org addresses and origins, a Cognito prefix ending in -example. */
function examplesIn(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') {
    const field = path.join('.');
    return exampleHost.test(value) || (field === 'cognitoDomainPrefix' && /(^|-)example$/.test(value)) ? [field] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => examplesIn(v, [...path, String(i)]));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => examplesIn(v, [...path, k]));
  return [];
}

const certificateArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:acm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:certificate\/[0-9a-f-]{36}$/,
    'must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
  );

/** Cognito's own rule for a domain prefix (lower-case letters, digits, hyphens; no reserved words). */
const cognitoDomainPrefix = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'must be 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen',
  )
  .refine((p) => !/aws|amazon|cognito/.test(p), {
    message: 'must not contain aws, amazon or cognito (Cognito refuses them)',
  });

export const stageNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,19}$/,
    'must be 2-20 characters: lower-case letters, digits and hyphens, starting with a letter',
  );

export const stageConfigSchema = z
  .strictObject({
    /** Pin the stage to one account and region; when absent the CLI's credentials decide. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-2')
      .optional(),
    settings: stageSettingsSchema,
    /** The SES identity (verified outside CDK: DNS is not ours) the mailer may send as: a domain or one address. */
    sesIdentity: z.union([z.email(), hostname]),
    /**
     * Browser origins of a front end of your own that calls the API (CORS). Only https: a therapist's
     * token must never cross plain http. None by default: the built-in pages and the console are
     * served by the API itself, so they need no CORS.
     */
    allowedOrigins: z.array(httpsOrigin).max(10).default([]),
    /**
     * The API under a domain of your own; then email links and the console use it. The certificate is
     * a regional ACM certificate in the stage's region covering domainName; DNS (a CNAME or alias to
     * the CustomDomainTarget output) is yours to add.
     */
    customDomain: z
      .strictObject({
        domainName: z
          .string()
          .regex(
            /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
            'must be a domain name such as api.example.org',
          ),
        certificateArn,
      })
      .optional(),
    /** Therapists sign in at https://<prefix>.auth.<region>.amazoncognito.com: unique per region across all AWS accounts. */
    cognitoDomainPrefix,
    /** Receives alarm notifications; subscribing needs a click on the confirmation email. */
    alarmEmail: z.email().optional(),
    /**
     * Which alarms: 'essential' (the default) covers every failure mode with six alarm metrics
     * ($0.60 a month); 'full' adds each function's errors and throttles (two metrics a function, $2
     * more), which name the function and fire minutes earlier. docs/operations.md, Alarms.
     */
    alarms: z.enum(['essential', 'full'], { error: "must be 'essential' or 'full'" }).default('essential'),
    /**
     * Days between automatic rotations of the data key (KMS allows 90 to 2560). Rotation changes
     * the material new encryptions use and keeps the old for decryption, so it protects against
     * little here, while KMS charges $1 a month more after each of the first two rotations. The
     * default, 2560, keeps the key at $1 a month for seven years; set 365 where a policy asks for
     * yearly rotation ($3 a month from its third year). docs/operations.md, Cost.
     */
    keyRotationDays: z
      .number()
      .int()
      .min(90, 'must be at least 90 (KMS)')
      .max(2560, 'must be at most 2560 (KMS)')
      .default(2560),
    logRetentionDays: z
      .number()
      .int()
      .refine((d) => logRetentionValues.includes(d), { message: `must be one of ${logRetentionValues.join(', ')}` })
      .default(30),
    /** Keep data when a stack is deleted and block table deletion. Defaults to true for the stage named prod. */
    retainData: z.boolean().optional(),
    /** Per-deployment request ceiling at the API's front door (requests per second, and burst). */
    apiRateLimit: z.number().int().min(1).max(10_000).default(25),
    apiBurstLimit: z.number().int().min(1).max(5_000).default(50),
    /** CloudWatch Contributor Insights on the table: finds hot keys, at a cost per rule; off unless needed. */
    contributorInsights: z.boolean().default(false),
    /**
     * Keep an email-hash key the stage already had (a rebuilt data stack, or a stage moving off the
     * Secrets Manager secret): its ciphertext under the data key, base64, with the encryption context
     * purpose=email-hash-key, stage=<stage> (docs/operations.md). Unset: the first deploy generates one.
     */
    emailHashKeyCiphertext: z
      .base64('must be the base64 ciphertext KMS returned (CiphertextBlob)')
      .min(100, 'is too short to be a KMS ciphertext')
      .optional(),
  })
  .superRefine((c, ctx) => {
    // SES authorises a send against the identity the From address belongs to.
    const sender = c.settings.senderEmail.toLowerCase();
    const identity = c.sesIdentity.toLowerCase();
    const ok = identity.includes('@')
      ? sender === identity
      : sender.endsWith(`@${identity}`) || sender.endsWith(`.${identity}`);
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        path: ['sesIdentity'],
        message: `does not cover settings.senderEmail ${c.settings.senderEmail}`,
      });
    // API Gateway takes a regional custom domain's certificate from the API's own region only.
    const certRegion = c.customDomain?.certificateArn.split(':')[3];
    if (certRegion && c.region && certRegion !== c.region)
      ctx.addIssue({
        code: 'custom',
        path: ['customDomain', 'certificateArn'],
        message: `must be in the stage's region ${c.region} (it is in ${certRegion})`,
      });
  });

export type StageConfigInput = z.input<typeof stageConfigSchema>;

export interface StageConfig {
  readonly stage: string;
  readonly account?: string;
  readonly region?: string;
  readonly settings: StageSettings;
  readonly sesIdentity: string;
  readonly allowedOrigins: readonly string[];
  readonly alarmEmail?: string;
  readonly alarms: 'essential' | 'full';
  readonly keyRotationDays: number;
  readonly logRetention: RetentionDays;
  /** prod: RETAIN plus deletion protection; other stages are disposable. */
  readonly retainData: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
  readonly contributorInsights: boolean;
  /** An existing email-hash key to keep, as ciphertext; absent: generated at the first deploy. */
  readonly emailHashKeyCiphertext?: string;
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  readonly cognitoDomainPrefix: string;
  /** Fields still holding a `set-me` placeholder, by path (`settings.senderEmail`); empty when ready to deploy. */
  readonly placeholders: readonly string[];
  /** Fields still holding a shipped example value (example.org, an example Cognito prefix), by path. */
  readonly examples: readonly string[];
}

/** Anything with CDK's context lookup: an App, or a test double. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

const settingsFields = Object.keys(stageSettingsSchema.shape) as (keyof StageSettings)[];
const infraFields = (Object.keys(stageConfigSchema.shape) as (keyof typeof stageConfigSchema.shape)[]).filter(
  (k) => k !== 'settings',
);

/**
 * `-c key=value` always arrives as a string; turn it into what the field expects (a number, a list,
 * a boolean) so `-c retentionDays=30` or `-c allowedOrigins=https://a.org,https://b.org` just work.
 */
function fromCli(schema: z.core.$ZodType, raw: unknown, field: string): unknown {
  if (typeof raw !== 'string') return raw;
  let inner = schema as unknown as { def: { type: string; innerType?: unknown } };
  while ((inner.def.type === 'optional' || inner.def.type === 'default') && inner.def.innerType)
    inner = inner.def.innerType as typeof inner;
  switch (inner.def.type) {
    case 'number':
      return raw.trim() === '' ? raw : Number(raw);
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'array':
    case 'object':
      if (/^\s*[[{]/.test(raw)) {
        try {
          return JSON.parse(raw);
        } catch {
          throw new Error(`Invalid -c ${field}: not valid JSON`);
        }
      }
      return inner.def.type === 'array'
        ? raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : raw;
    default:
      return raw;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Paths of every string holding the placeholder marker, in the order the stage entry lists them. */
function placeholdersIn(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return value.includes(placeholderMarker) ? [path.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholdersIn(v, [...path, String(i)]));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => placeholdersIn(v, [...path, k]));
  return [];
}

function describePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(stage)' : path.map(String).join('.');
}

/**
 * Builds and validates the stage config from context. Throws one error naming every bad field:
 * "Invalid stage config 'dev': settings.senderEmail: Invalid email address".
 */
export function loadStageConfig(context: ContextSource): StageConfig {
  const stageRaw = context.tryGetContext('stage') ?? 'dev';
  const stageName = stageNameSchema.safeParse(stageRaw);
  if (!stageName.success)
    throw new Error(`Invalid stage name '${String(stageRaw)}': ${stageName.error.issues[0]?.message ?? 'invalid'}`);
  const stage = stageName.data;

  const stages = context.tryGetContext('stages');
  const known = isRecord(stages) ? Object.keys(stages) : [];
  const base = isRecord(stages) && isRecord(stages[stage]) ? stages[stage] : {};

  const settings: Record<string, unknown> = { ...(isRecord(base.settings) ? base.settings : {}) };
  if ('publicBaseUrl' in settings || context.tryGetContext('publicBaseUrl') !== undefined)
    throw new Error(
      `Invalid stage config '${stage}': settings.publicBaseUrl: is not set by hand any more: it is the API's own URL, or https://<customDomain.domainName> when the stage has a custom domain. Remove it from cdk.json and from -c.`,
    );
  for (const field of settingsFields) {
    const raw = context.tryGetContext(field);
    if (raw !== undefined) settings[field] = fromCli(stageSettingsSchema.shape[field], raw, field);
  }
  const input: Record<string, unknown> = { ...base, settings };
  for (const field of infraFields) {
    const raw = context.tryGetContext(field);
    if (raw !== undefined) input[field] = fromCli(stageConfigSchema.shape[field], raw, field);
  }

  const parsed = stageConfigSchema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${describePath(i.path)}: ${i.message}`).join('; ');
    const hint = known.includes(stage)
      ? ''
      : ` (no entry for '${stage}' under context "stages" in cdk.json; known stages: ${known.join(', ') || 'none'})`;
    throw new Error(`Invalid stage config '${stage}': ${detail}${hint}`);
  }
  const c = parsed.data;
  const retainData = c.retainData ?? stage === 'prod';
  return {
    stage,
    account: c.account,
    region: c.region,
    settings: c.settings,
    sesIdentity: c.sesIdentity,
    allowedOrigins: c.allowedOrigins,
    alarmEmail: c.alarmEmail,
    alarms: c.alarms,
    keyRotationDays: c.keyRotationDays,
    logRetention: c.logRetentionDays as RetentionDays,
    retainData,
    removalPolicy: retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    apiRateLimit: c.apiRateLimit,
    apiBurstLimit: c.apiBurstLimit,
    contributorInsights: c.contributorInsights,
    ...(c.emailHashKeyCiphertext ? { emailHashKeyCiphertext: c.emailHashKeyCiphertext } : {}),
    ...(c.customDomain ? { customDomain: c.customDomain } : {}),
    cognitoDomainPrefix: c.cognitoDomainPrefix,
    placeholders: placeholdersIn(input),
    examples: examplesIn(input),
  };
}

/** Everything that keeps a stage from deploying: placeholders and example values, by path. */
export const undeployable = (config: Pick<StageConfig, 'placeholders' | 'examples'>): string[] => [
  ...config.placeholders,
  ...config.examples,
];

/** One paragraph for ops: which shipped example values the stage still holds, and what to do. */
export function exampleValuesMessage(config: Pick<StageConfig, 'stage' | 'examples'>): string {
  return `Stage '${config.stage}' still holds the example values cdk.json ships: ${config.examples.join(', ')}. An example.org sender can send nothing and an example Cognito prefix may belong to someone else: set your own under context.stages.${config.stage} in cdk.json (or with -c <field>=<value>). Only the stage '${localStage}' may keep them, to review the templates offline (npx cdk synth -c stage=${localStage}); it never deploys.`;
}

/**
 * Stops `cdk synth` (and so `cdk deploy`) for a stage holding example values, unless it is the local
 * one. Placeholders only warn: their stage synthesises for review and refuses at deploy.
 */
export function assertSynthesisable(config: Pick<StageConfig, 'stage' | 'examples'>): void {
  if (config.examples.length > 0 && config.stage !== localStage) throw new Error(exampleValuesMessage(config));
}

/** One paragraph for ops: which values are still placeholders, and where to set them. */
export function placeholderMessage(config: Pick<StageConfig, 'stage' | 'placeholders'>): string {
  return `Stage '${config.stage}' still has placeholder values (marked ${placeholderMarker}): ${config.placeholders.join(', ')}. Set them under context.stages.${config.stage} in cdk.json (or with -c <field>=<value>) before deploying; nothing is created while any remains.`;
}
