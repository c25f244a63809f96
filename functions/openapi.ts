/**
 * The OpenAPI document of the deployed API: each capability's operation table, read from its handler,
 * described by shared/http/openapi.ts. Served locally at /openapi.json and written to
 * docs/openapi.json by `npm run openapi`.
 */
import type { OperationTable } from '#shared/http/operation.js';
import { apiCapabilities, buildOpenApiDocument, type ApiCapability } from '#shared/http/openapi.js';

type JsonSchema = Record<string, unknown>;

export async function loadOperationTables(): Promise<Record<ApiCapability, OperationTable>> {
  const [enquiries, consultations, rebooking, therapist, calendars] = await Promise.all([
    import('./enquiries/handler.js'),
    import('./consultations/handler.js'),
    import('./rebooking/handler.js'),
    import('./therapist/handler.js'),
    import('./calendars/handler.js'),
  ]);
  const tables: Record<ApiCapability, OperationTable> = {
    enquiries: enquiries.operations,
    consultations: consultations.operations,
    rebooking: rebooking.operations,
    therapist: therapist.operations,
    calendars: calendars.operations,
  };
  for (const capability of apiCapabilities)
    if (!tables[capability]) throw new Error(`No operation table for ${capability}`);
  return tables;
}

export async function openApiDocument(): Promise<JsonSchema> {
  return buildOpenApiDocument(await loadOperationTables());
}
