/** What use cases need from the runtime: the table and the settings. Logging stays in the handlers. */
import type { Runtime } from '../runtime.js';

export type UseCaseDeps = Pick<Runtime, 'db' | 'config'>;
