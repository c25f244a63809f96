/**
 * The environment a function gets on the local stack: the same variables CDK sets from the stage
 * settings (settingsToEnvironment), the local endpoints, and for each need declared in
 * shared/manifest/needs.ts what AWS would give that function — and nothing it did not declare. All
 * functions run in one process here, so each gets a runtime of its own (functionRuntimes) and its
 * invocations run inside it (asFunction): a function missing a need fails here as it would in AWS.
 */
import { functionNeeds, type FunctionNeeds } from '#shared/manifest/needs.js';
import { backgroundFunctions, capabilities, type FunctionName } from '#shared/manifest/routes.js';
import { settingsSchema, settingsToEnvironment, type Settings } from '#shared/config.js';
import { createRuntime, resetRuntime, runAsFunction, type Runtime } from '#shared/runtime.js';
import { localRegion } from './stack.js';

export interface LocalEndpoints {
  tableName: string;
  dynamodbEndpoint: string;
  sesEndpoint: string;
  /** The local API's base URL: email links point here. */
  apiUrl: string;
}

/** Fixed so keyed email hashes (rate limits, one-enquiry-a-day) stay stable across restarts. Not a secret. */
export const localEmailHashKey = 'threshold-local-email-hash-key-not-a-secret';

/** Production defaults, except a client-address rate limit a scripted walk through every journey fits under (docs/architecture.md). */
export function localSettings(apiUrl: string, overrides: Partial<Settings> = {}): Settings {
  return settingsSchema.parse({
    senderEmail: 'hello@threshold.local',
    publicBaseUrl: apiUrl,
    rateLimitPerAddressPerHour: 1000,
    ...overrides,
  });
}

/** What every function in this process shares: the region, and credentials the emulators accept. */
export function localProcessEnvironment(): Record<string, string> {
  return {
    AWS_REGION: localRegion,
    // A developer can point a busy calendar at a file served on this machine; in AWS only public https.
    CALENDAR_FETCH_ALLOW_LOOPBACK: 'true',
    // The emulators accept anything, but the SDK refuses to sign without credentials; fixed values also
    // keep a developer's real AWS credentials away from local endpoints.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** One function's environment: its settings, and what its declared needs give it locally. */
export function localFunctionEnvironment(
  name: FunctionName,
  endpoints: LocalEndpoints,
  overrides: Partial<Settings> = {},
  needs: FunctionNeeds = functionNeeds[name],
): Record<string, string> {
  const env: Record<string, string> = {
    ...localProcessEnvironment(),
    ...settingsToEnvironment(localSettings(endpoints.apiUrl, overrides), needs.settings ?? []),
    POWERTOOLS_SERVICE_NAME: `threshold-${name}`,
    // Every function declares the table (shared/manifest/needs.ts); locally it is DynamoDB Local.
    TABLE_NAME: endpoints.tableName,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
  };
  if (needs.emailHashKey) env.EMAIL_HASH_KEY = localEmailHashKey;
  // The SES emulator stands in for sending; no configuration set exists locally.
  if (needs.sendEmail) env.SES_ENDPOINT = endpoints.sesEndpoint;
  // consoleIdentity: there is no Cognito locally; the console signs in with the local key (jwt.ts).
  return env;
}

export type FunctionRuntimes = ReadonlyMap<FunctionName, Runtime>;

/** A runtime per function, each built from that function's environment alone. */
export function functionRuntimes(endpoints: LocalEndpoints, overrides: Partial<Settings> = {}): FunctionRuntimes {
  const names: FunctionName[] = [...capabilities, ...backgroundFunctions];
  return new Map(names.map((name) => [name, createRuntime(localFunctionEnvironment(name, endpoints, overrides))]));
}

/** The handler, invoked as its own function: every call sees that function's runtime only. */
export function asFunction<A extends unknown[], R>(
  runtime: Runtime,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return (...args) => runAsFunction(runtime, () => handler(...args));
}

/** Functions run in this process locally, so they read this process's environment; resetRuntime makes them re-read it. */
export function applyFunctionEnvironment(env: Record<string, string>): void {
  // A session token from the developer's shell would be sent alongside the dummy key.
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  Object.assign(process.env, env);
  resetRuntime();
}
