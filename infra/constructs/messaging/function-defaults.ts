import type { ThresholdFunctionProps } from '../threshold-function.js';

/** What every function of the messaging stack shares: the stage, its settings and the stack's resources. */
export type FunctionDefaults = Omit<
  ThresholdFunctionProps,
  'name' | 'description' | 'timeout' | 'needs' | 'outsideVpcReason' | 'environment' | 'memorySize'
>;
