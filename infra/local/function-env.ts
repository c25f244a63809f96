/**
 * The environment a function gets on the local stack: the same variables CDK sets from the stage
 * settings (settingsToEnvironment), plus the local endpoints and what AWS would otherwise provide.
 */
import { settingsSchema, settingsToEnvironment, type Settings } from '../../shared/config.js';
import { resetRuntime } from '../../shared/runtime.js';
import { localRegion } from './stack.js';

export interface LocalEndpoints {
  tableName: string;
  dynamodbEndpoint: string;
  sesEndpoint: string;
  /** The local API's base URL: email links point here. */
  apiUrl: string;
}

/** Production defaults, except a client-address rate limit a scripted walk through every journey fits under (api.md). */
export function localSettings(apiUrl: string, overrides: Partial<Settings> = {}): Settings {
  return settingsSchema.parse({
    senderEmail: 'hello@threshold.local',
    publicBaseUrl: apiUrl,
    rateLimitPerAddressPerHour: 1000,
    ...overrides,
  });
}

export function localFunctionEnvironment(endpoints: LocalEndpoints, overrides: Partial<Settings> = {}): Record<string, string> {
  return {
    ...settingsToEnvironment(localSettings(endpoints.apiUrl, overrides)),
    TABLE_NAME: endpoints.tableName,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    SES_ENDPOINT: endpoints.sesEndpoint,
    AWS_REGION: localRegion,
    // Fixed so keyed email hashes (rate limits, one-enquiry-a-day) stay stable across restarts. Not a secret.
    EMAIL_HASH_KEY: 'threshold-local-email-hash-key-not-a-secret',
    // A developer can point a busy calendar at a file served on this machine; in AWS only public https.
    CALENDAR_FETCH_ALLOW_LOOPBACK: 'true',
    // The emulators accept anything, but the SDK refuses to sign without credentials; fixed values also
    // keep a developer's real AWS credentials away from local endpoints.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_SERVICE_NAME: 'threshold',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** Functions run in this process locally, so they read this process's environment; resetRuntime makes them re-read it. */
export function applyFunctionEnvironment(env: Record<string, string>): void {
  // A session token from the developer's shell would be sent alongside the dummy key.
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  Object.assign(process.env, env);
  resetRuntime();
}
