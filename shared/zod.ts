/**
 * zod for everything that runs in a Lambda: `zod/mini`, the same library as classic zod (the same
 * checks, defaults, transforms and messages) written as functions, so a bundle carries only what it
 * calls. Classic puts every method on every schema, and its JSON Schema generator with them: about
 * 60 KB and 25 ms of each cold start that only `npm run openapi` needs.
 *
 * Classic registers zod's English messages when its first schema is built; mini leaves them out, and
 * every message a schema does not set itself would read "Invalid input". Registered here, once, so a
 * person reads "Invalid input: expected string, received number" wherever they did before. Import
 * zod through this module, never `zod/mini` directly.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
