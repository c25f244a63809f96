/**
 * Stands in for `@aws-sdk/credential-provider-node` in Lambda bundles (the alias in bundling.ts).
 *
 * Lambda hands a function its role's credentials in environment variables, the first place the
 * SDK's default chain looks. The rest of the chain (shared config files, SSO, web identity, STS,
 * process, container and instance metadata) never answers in Lambda, yet every client's runtime
 * config imports it, and with it the nested STS and SSO clients: about 130 KB of every bundle
 * (more than a third of a bare DynamoDB bundle), parsed at every cold start. Outside bundles (tests,
 * the local stack) the real chain still applies.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type FromEnvInit = Parameters<typeof fromEnv>[0];

/** The one export of the default chain the SDK clients use: `credentialDefaultProvider` in their runtime config. */
export const defaultProvider = (init?: FromEnvInit): ReturnType<typeof fromEnv> => fromEnv(init);
