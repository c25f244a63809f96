/**
 * Deployment settings (what ops configure per stage) and the runtime configuration functions read
 * from their environment. The CDK stage config embeds `settingsSchema` and turns it into environment
 * variables with `settingsToEnvironment`, so synth-time validation and run-time parsing share one shape.
 */
import { crisisLineSchema, crisisRegion, type CrisisLine } from './domain/crisis-line.js';
import * as z from './zod.js';

export { crisisLineSchema, type CrisisLine };

export const ukCrisisLines: CrisisLine[] = [
  { name: 'Samaritans', detail: 'call 116 123, free, day or night' },
  { name: 'NHS 111', detail: 'call 111 for urgent health advice' },
  { name: 'In an emergency', detail: 'call 999' },
];

/**
 * Crisis lines belong to a place: where the therapist practises. `region` names it in a sentence
 * ("These numbers are for the UK."), so a reader somewhere else knows to look for help where they are.
 */
export const crisisSupportSchema = z.lazy(() =>
  z.strictObject({
    region: crisisRegion,
    lines: z.array(crisisLineSchema).check(z.minLength(1), z.maxLength(5)),
  }),
);
export type CrisisSupport = z.infer<typeof crisisSupportSchema>;

export const ukCrisisSupport: CrisisSupport = { region: 'the UK', lines: ukCrisisLines };

/**
 * A website origin allowed to show the contact pages in an iframe: https, scheme and host only; or a
 * plain-http localhost, so a therapist's site can be tried on their own machine.
 */
export const embedOriginSchema = z
  .string({ error: 'Please give each website as its origin, such as https://www.example.org.' })
  .check(
    z.trim(),
    z.refine((value) => {
      try {
        const url = new URL(value);
        const local = url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
        return (url.protocol === 'https:' || local) && url.origin === value;
      } catch {
        return false;
      }
    }, 'Please give the website as its origin only: https:// and the host, with no path or trailing slash, such as https://www.example.org.'),
  );

export const settingsSchema = z.strictObject({
  /** From address of every email; its domain must be verified in SES. */
  senderEmail: z.email(),
  /** Base URL of the public API, used in email links. */
  publicBaseUrl: z.url(),
  /** Where email links point when a deployment has its own front end; defaults to the API's own pages. */
  appUrl: z.optional(z.url()),
  crisisLines: z._default(z.array(crisisLineSchema).check(z.minLength(1), z.maxLength(5)), ukCrisisLines),
  /** Where crisisLines are for, as a sentence says it: "These numbers are for the UK." A therapist may set their own. */
  crisisRegion: z._default(crisisRegion, ukCrisisSupport.region),
  /** Websites that may show every therapist's contact page in an iframe (a directory, a practice's site); each therapist may add their own. */
  embedOrigins: z._default(z.array(embedOriginSchema).check(z.maxLength(10)), []),
  /** The deployment's own privacy notice: the contact pages link there, and GET /privacy redirects there. */
  privacyNoticeUrl: z.optional(z.url({ protocol: /^https?$/ })),
  /**
   * Without privacyNoticeUrl: paragraphs GET /privacy shows after its built-in notice, such as who is
   * responsible for the data and how to reach them. Kept short: functions' settings travel in 4 KB.
   */
  privacyNoticeText: z.optional(
    z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(600))).check(z.maxLength(5)),
  ),
  /** Version of the privacy notice clients consent to; stored with each enquiry unless the form names one. */
  privacyNoticeVersion: z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(40)), '1'),
  retentionDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(3650)), 90),
  enquiryNudgeWorkingDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(30)), 2),
  enquiryExpiryDays: z._default(z.number().check(z.int(), z.minimum(2), z.maximum(90)), 14),
  actionLinkTtlDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(90)), 14),
  /** How long an invitation to book (consultation or session) lets its holder choose a time. */
  invitationTtlDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(90)), 21),
  rateLimitPerAddressPerHour: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100_000)), 20),
  rateLimitPerEmailPerDay: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(1000)), 5),
  /** How far back the sweep looks for timers it has not fired (it normally runs every few minutes). */
  sweepLookbackDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(60)), 7),
  timerShards: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(32)), 4),
});
export type Settings = z.infer<typeof settingsSchema>;

const numberFromEnv = z.coerce.number();

/** What a function reads from process.env. Endpoints are set only locally. */
export const runtimeEnvSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  SENDER_EMAIL: z.email(),
  PUBLIC_BASE_URL: z.url(),
  APP_URL: z.optional(z.url()),
  CRISIS_LINES: z.optional(z.string()),
  CRISIS_REGION: z.optional(z.string()),
  EMBED_ORIGINS: z.optional(z.string()),
  PRIVACY_NOTICE_URL: z.optional(z.url()),
  PRIVACY_NOTICE_TEXT: z.optional(z.string()),
  PRIVACY_NOTICE_VERSION: z.optional(z.string()),
  RETENTION_DAYS: z.optional(numberFromEnv),
  ENQUIRY_NUDGE_WORKING_DAYS: z.optional(numberFromEnv),
  ENQUIRY_EXPIRY_DAYS: z.optional(numberFromEnv),
  ACTION_LINK_TTL_DAYS: z.optional(numberFromEnv),
  INVITATION_TTL_DAYS: z.optional(numberFromEnv),
  RATE_LIMIT_PER_ADDRESS_PER_HOUR: z.optional(numberFromEnv),
  RATE_LIMIT_PER_EMAIL_PER_DAY: z.optional(numberFromEnv),
  SWEEP_LOOKBACK_DAYS: z.optional(numberFromEnv),
  TIMER_SHARDS: z.optional(numberFromEnv),
  /** The key for keyed email hashes: generated at deploy in AWS (base64 of 32 bytes), fixed locally. */
  EMAIL_HASH_KEY: z.optional(z.string().check(z.minLength(16))),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SES_ENDPOINT: z.optional(z.url()),
  /** Local stack and tests only: busy calendars may be read over http from a loopback server. Never set in AWS. */
  CALENDAR_FETCH_ALLOW_LOOPBACK: z.optional(z.enum(['true', 'false'])),
  AWS_REGION: z._default(z.string(), 'eu-west-2'),
  /** Long settings this function was not given (settingsToEnvironment): reading one throws. */
  SETTINGS_WITHHELD: z.optional(z.string()),
});

export interface RuntimeConfig {
  tableName: string;
  settings: Settings;
  emailHashKey?: string;
  dynamodbEndpoint?: string;
  sesEndpoint?: string;
  /** Busy calendars may be read from a loopback server over http (local stack and tests). */
  calendarFetchAllowsLoopback: boolean;
  region: string;
}

const envNames: Record<
  Exclude<
    keyof Settings,
    | 'senderEmail'
    | 'publicBaseUrl'
    | 'appUrl'
    | 'crisisLines'
    | 'embedOrigins'
    | 'privacyNoticeUrl'
    | 'privacyNoticeText'
  >,
  keyof z.infer<typeof runtimeEnvSchema>
> = {
  crisisRegion: 'CRISIS_REGION',
  privacyNoticeVersion: 'PRIVACY_NOTICE_VERSION',
  retentionDays: 'RETENTION_DAYS',
  enquiryNudgeWorkingDays: 'ENQUIRY_NUDGE_WORKING_DAYS',
  enquiryExpiryDays: 'ENQUIRY_EXPIRY_DAYS',
  actionLinkTtlDays: 'ACTION_LINK_TTL_DAYS',
  invitationTtlDays: 'INVITATION_TTL_DAYS',
  rateLimitPerAddressPerHour: 'RATE_LIMIT_PER_ADDRESS_PER_HOUR',
  rateLimitPerEmailPerDay: 'RATE_LIMIT_PER_EMAIL_PER_DAY',
  sweepLookbackDays: 'SWEEP_LOOKBACK_DAYS',
  timerShards: 'TIMER_SHARDS',
};

/**
 * The settings long enough to matter against Lambda's 4 KB for a function's whole environment (five
 * 600-character paragraphs; ten origins): a function gets one only when it reads it, as
 * shared/manifest/needs.ts declares. Every other setting is short, and every function gets it.
 */
export const longSettings = ['privacyNoticeText', 'embedOrigins'] as const satisfies readonly (keyof Settings)[];
export type LongSetting = (typeof longSettings)[number];

/**
 * Environment variables for a function, from validated settings (used by CDK and the local stack).
 * `reads`: the long settings the function reads; the others are left out and named in
 * SETTINGS_WITHHELD, so a function that reads one anyway fails loudly instead of seeing a default.
 */
export function settingsToEnvironment(
  settings: Settings,
  reads: readonly LongSetting[] = longSettings,
): Record<string, string> {
  const env: Record<string, string> = {
    SENDER_EMAIL: settings.senderEmail,
    PUBLIC_BASE_URL: settings.publicBaseUrl,
    CRISIS_LINES: JSON.stringify(settings.crisisLines),
    EMBED_ORIGINS: settings.embedOrigins.join(' '),
  };
  if (settings.appUrl) env.APP_URL = settings.appUrl;
  if (settings.privacyNoticeUrl) env.PRIVACY_NOTICE_URL = settings.privacyNoticeUrl;
  if (settings.privacyNoticeText) env.PRIVACY_NOTICE_TEXT = JSON.stringify(settings.privacyNoticeText);
  for (const [key, name] of Object.entries(envNames)) env[name] = String(settings[key as keyof typeof envNames]);
  const withheld = longSettings.filter((s) => !reads.includes(s));
  if (!reads.includes('embedOrigins')) delete env.EMBED_ORIGINS;
  if (!reads.includes('privacyNoticeText')) delete env.PRIVACY_NOTICE_TEXT;
  if (withheld.length > 0) env.SETTINGS_WITHHELD = withheld.join(',');
  return env;
}

/** A withheld setting reads as an error naming the fix; not enumerable, so a spread of the settings skips it. */
function withhold(settings: Settings, withheld: string | undefined): Settings {
  for (const key of (withheld ?? '')
    .split(',')
    .filter((k): k is LongSetting => (longSettings as readonly string[]).includes(k)))
    Object.defineProperty(settings, key, {
      enumerable: false,
      get: () => {
        throw new Error(
          `settings.${key} is not given to this function: declare it under settings in shared/manifest/needs.ts`,
        );
      },
    });
  return settings;
}

/** Parses the environment once per cold start; a bad value fails loudly with the variable named. */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = runtimeEnvSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid function environment: ${detail}`);
  }
  const e = parsed.data;
  const raw: Record<string, unknown> = {
    senderEmail: e.SENDER_EMAIL,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    appUrl: e.APP_URL,
    crisisLines: e.CRISIS_LINES === undefined ? undefined : JSON.parse(e.CRISIS_LINES),
    embedOrigins: e.EMBED_ORIGINS === undefined ? undefined : e.EMBED_ORIGINS.split(' ').filter(Boolean),
    privacyNoticeUrl: e.PRIVACY_NOTICE_URL,
    privacyNoticeText: e.PRIVACY_NOTICE_TEXT === undefined ? undefined : JSON.parse(e.PRIVACY_NOTICE_TEXT),
  };
  for (const [key, name] of Object.entries(envNames)) raw[key] = e[name];
  const settings = settingsSchema.safeParse(raw);
  if (!settings.success) {
    const detail = settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid function settings: ${detail}`);
  }
  return {
    tableName: e.TABLE_NAME,
    settings: withhold(settings.data, e.SETTINGS_WITHHELD),
    emailHashKey: e.EMAIL_HASH_KEY,
    dynamodbEndpoint: e.DYNAMODB_ENDPOINT,
    sesEndpoint: e.SES_ENDPOINT,
    calendarFetchAllowsLoopback: e.CALENDAR_FETCH_ALLOW_LOOPBACK === 'true',
    region: e.AWS_REGION,
  };
}

/** The deployment's crisis lines with the place they are for: what a therapist without their own sees. */
export const deploymentCrisisSupport = (settings: Pick<Settings, 'crisisLines' | 'crisisRegion'>): CrisisSupport => ({
  region: settings.crisisRegion,
  lines: settings.crisisLines,
});
