/**
 * The whole deployment of one stage: stacks split by lifecycle and wired by props (stateful data
 * and identity first, stateless API and messaging on top), tagged, and checked by cdk-nag on every
 * synth. infra/app.ts runs this for the CLI; the tests run the very same function.
 */
import { CfnParameter, CfnRule, Fn, Tags, Validations, type App, type Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { FunctionNeeds } from '#shared/manifest/needs.js';
import type { FunctionName, Route } from '#shared/manifest/routes.js';
import {
  exampleValuesMessage,
  placeholderMarker,
  placeholderMessage,
  undeployable,
  type StageConfig,
} from '../config.js';
import { ApiStack } from './api-stack.js';
import { DataStack } from './data-stack.js';
import { IdentityStack } from './identity-stack.js';
import { MessagingStack } from './messaging-stack.js';

export interface ThresholdStacks {
  readonly data: DataStack;
  readonly identity: IdentityStack;
  readonly api: ApiStack;
  readonly messaging: MessagingStack;
}

/** Test seams: a declaration of needs other than shared/manifest/needs.ts. */
export interface ThresholdOptions {
  readonly needs?: Readonly<Record<FunctionName, FunctionNeeds>>;
  readonly routes?: readonly Route[];
}

/**
 * A stage still holding `set-me` placeholders (or, the local stage only, example values) synthesises
 * so it can be reviewed offline, but every stack of it fails at deploy before anything is created:
 * CloudFormation evaluates template rules before the first resource, and this one names every value
 * left to set.
 */
function refuseDeployUnset(stack: Stack, config: StageConfig): void {
  const remaining = new CfnParameter(stack, 'PlaceholdersRemaining', {
    type: 'String',
    default: undeployable(config).join(','),
    description: `Stage values still holding a ${placeholderMarker} placeholder or a shipped example value; set them in cdk.json`,
  });
  const messages = [
    ...(config.placeholders.length > 0 ? [placeholderMessage(config)] : []),
    ...(config.examples.length > 0 ? [exampleValuesMessage(config)] : []),
  ];
  new CfnRule(stack, 'StageConfigComplete', {
    assertions: [{ assert: Fn.conditionEquals(remaining.valueAsString, ''), assertDescription: messages.join(' ') }],
  });
}

export function addThresholdStacks(app: App, config: StageConfig, options: ThresholdOptions = {}): ThresholdStacks {
  // Unset account/region leave the stacks environment-agnostic, which is what keeps synth offline.
  const env = {
    account: config.account ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: config.region ?? process.env.CDK_DEFAULT_REGION,
  };
  const name = (part: string): string => `Threshold-${config.stage}-${part}`;
  const common = { env, config };
  const needs = options.needs ? { needs: options.needs } : {};
  const routes = options.routes ? { routes: options.routes } : {};

  const data = new DataStack(app, name('Data'), {
    ...common,
    description: `Threshold ${config.stage}: table, key, email-hash key, alarm topic (stateful)`,
    terminationProtection: config.retainData,
  });
  const identity = new IdentityStack(app, name('Identity'), {
    ...common,
    description: `Threshold ${config.stage}: therapists' user pool (stateful)`,
    terminationProtection: config.retainData,
  });
  // Cross-stack references are weak (cdk.json): a consumer reads the producer's output at deploy
  // time, so its template does not change when only the producer's value does, and `cdk deploy
  // --all` skips it as unchanged. A value the stage config decides is therefore written into the
  // consumers as text: a configured email-hash key ciphertext here (setting it on a stage that
  // generated one replaces the data stack's key, and every compute stack must open the same one),
  // the sign-in domain in the API stack. What still crosses by reference changes only when a stateful
  // resource is replaced (docs/operations.md, Deploy order).
  const shared = {
    key: data.key,
    table: data.table,
    emailHashKeyServiceToken: data.emailHashKeyServiceToken,
    emailHashKeyCiphertext: config.emailHashKeyCiphertext ?? data.emailHashKeyCiphertext,
    alarmTopic: data.alarmTopic,
  };
  const api = new ApiStack(app, name('Api'), {
    ...common,
    ...shared,
    ...needs,
    ...routes,
    userPool: identity.userPool,
    userPoolClient: identity.userPoolClient,
    userPoolDomain: identity.domain,
    description: `Threshold ${config.stage}: HTTP API and capability functions (stateless)`,
  });
  const messaging = new MessagingStack(app, name('Messaging'), {
    ...common,
    ...shared,
    ...needs,
    publicBaseUrl: api.publicBaseUrl,
    description: `Threshold ${config.stage}: mailer, sweep, SES configuration (stateless)`,
  });

  for (const stack of [data, identity, api, messaging]) {
    Tags.of(stack).add('project', 'threshold');
    Tags.of(stack).add('stage', config.stage);
    if (undeployable(config).length > 0) refuseDeployUnset(stack, config);
  }

  // Registered on the app, so `cdk synth`, `cdk deploy` and the tests all stop on a finding that
  // has no acknowledgement (Validations.of(construct).acknowledge with a reason).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));

  return { data, identity, api, messaging };
}
