/**
 * The CDK app: `npx cdk synth -c stage=local` (example values, review only), `npx cdk deploy -c stage=prod --all`.
 * Stage values come from cdk.json context `stages`, overridden with `-c field=value`.
 */
import { App } from 'aws-cdk-lib';
import {
  assertSynthesisable,
  exampleValuesMessage,
  loadStageConfig,
  placeholderMessage,
  type StageConfig,
} from './config.js';
import { addThresholdStacks } from './stacks/threshold.js';

const app = new App();

let config: StageConfig;
try {
  config = loadStageConfig(app.node);
  assertSynthesisable(config);
} catch (error) {
  // One readable line for ops instead of a stack trace through zod.
  console.error((error as Error).message);
  process.exit(1);
}

// Synth goes on (the templates can be reviewed offline); every stack refuses to deploy meanwhile.
if (config.placeholders.length > 0) console.warn(`Warning: ${placeholderMessage(config)}`);
if (config.examples.length > 0) console.warn(`Warning: ${exampleValuesMessage(config)}`);

addThresholdStacks(app, config);
app.synth();
