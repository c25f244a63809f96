/**
 * What every function builds once per cold start: configuration, the DynamoDB client and the logger.
 * Tests reset it between files that use different tables.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadRuntimeConfig, type RuntimeConfig } from './config.js';
import { createDocumentClient } from './store/dynamo.js';

export interface Runtime {
  config: RuntimeConfig;
  db: DynamoDBDocumentClient;
  logger: Logger;
}

let current: Runtime | undefined;

export function getRuntime(): Runtime {
  if (!current) {
    const config = loadRuntimeConfig();
    current = {
      config,
      db: createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint }),
      // Logs carry ids and outcomes only: never names, emails, phone numbers, messages or tokens.
      logger: new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'threshold' }),
    };
  }
  return current;
}

export function resetRuntime(next?: Runtime): void {
  current = next;
}
