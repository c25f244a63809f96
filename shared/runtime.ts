/**
 * What every function builds once per cold start: configuration, the DynamoDB client, the store
 * handle over it (shared/store/index.ts) and the logger.
 * Tests reset it between files that use different tables.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadRuntimeConfig, type RuntimeConfig } from './config.js';
import { createDocumentClient } from './store/dynamo.js';
import { openStore, type Store } from './store/index.js';

export interface Runtime {
  config: RuntimeConfig;
  db: DynamoDBDocumentClient;
  /** Every read and write of the table, bound once to the client and the table's name. */
  store: Store;
  logger: Logger;
}

let current: Runtime | undefined;
/** The local stack runs every function in one process; each invocation still sees only its own function's runtime. */
const ownRuntime = new AsyncLocalStorage<Runtime>();

/** A runtime from an environment: a Lambda's own (process.env), or one function's on the local stack. */
export function createRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const config = loadRuntimeConfig(env);
  const db = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  return {
    config,
    db,
    store: openStore({ db, tableName: config.tableName }),
    // Logs carry ids and outcomes only: never names, emails, phone numbers, messages or tokens.
    logger: new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? 'threshold' }),
  };
}

export function getRuntime(): Runtime {
  const own = ownRuntime.getStore();
  if (own) return own;
  current ??= createRuntime();
  return current;
}

export function resetRuntime(next?: Runtime): void {
  current = next;
}

/** Runs one invocation as the function whose runtime this is, as if it had a Lambda of its own. */
export function runAsFunction<T>(runtime: Runtime, invoke: () => T): T {
  return ownRuntime.run(runtime, invoke);
}
