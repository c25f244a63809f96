/**
 * The OpenAPI 3.1 document, generated from the one route list and the zod schemas beside each
 * handler: nothing about the API is written down twice. The operation tables come in as an argument
 * (functions/openapi.ts loads them), so this module imports no handler.
 */
import * as z from '../zod.js';
import { routes, type Capability } from '../manifest/routes.js';
import type { Operation, OperationTable } from './operation.js';
import { maxBodyBytes } from './api-handler.js';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What happened and what to do, in words a person can act on.' },
    errors: {
      type: 'array',
      description: 'On validation failures: one entry per bad field.',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
    requestId: {
      type: 'string',
      description: 'On an unexpected error (500): the reference that finds the request in the logs.',
    },
  },
};

function parameters(op: Operation, where: 'path' | 'query'): JsonSchema[] {
  const schema = where === 'path' ? op.params : op.query;
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

const successStatus = (method: string, op: Operation): string =>
  op.responds === 'html' ? '200' : method === 'POST' ? '2XX' : '200';

/** The console's pages are for a browser with a session cookie, not part of the JSON API: they are not described here. */
export type ApiCapability = Exclude<Capability, 'console'>;
export const apiCapabilities: readonly ApiCapability[] = [
  'enquiries',
  'consultations',
  'rebooking',
  'therapist',
  'calendars',
];
const inApi = (
  route: (typeof routes)[number],
): route is Extract<(typeof routes)[number], { capability: ApiCapability }> => route.auth !== 'session';

export function buildOpenApiDocument(tables: Record<ApiCapability, OperationTable>): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes.filter(inApi)) {
    const op = tables[route.capability][route.operation];
    if (!op) throw new Error(`No operation ${route.operation} for ${route.method} ${route.path}`);
    const entry: JsonSchema = {
      operationId: route.operation,
      summary: route.summary,
      tags: [route.capability],
      ...(route.auth === 'therapist' ? { security: [{ therapistJwt: [] }] } : { security: [] }),
      parameters: [
        ...parameters(op, 'path'),
        ...parameters(op, 'query'),
        ...(route.method === 'POST'
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                schema: { type: 'string', minLength: 1, maxLength: 255 },
              },
            ]
          : []),
      ],
      responses: {
        [successStatus(route.method, op)]:
          op.responds === 'html'
            ? { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } }
            : op.responds === 'calendar'
              ? {
                  description: 'An iCalendar file (RFC 5545)',
                  content: { 'text/calendar': { schema: { type: 'string' } } },
                }
              : {
                  description: 'Success',
                  ...(op.response
                    ? { content: { 'application/json': { schema: toSchema(op.response, 'output') } } }
                    : {}),
                },
        ...(op.responds === 'calendar'
          ? { '304': { description: 'Not modified: the If-None-Match or If-Modified-Since validators still hold' } }
          : {}),
        default: {
          description: 'A problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
    if (op.body) {
      const body = toSchema(op.body, 'input');
      entry.requestBody = {
        // An empty body reaches the schema as {} (api-handler): it is required when {} is not valid.
        required: !op.body.safeParse({}).success,
        content:
          op.bodyFormat === 'form'
            ? { 'application/x-www-form-urlencoded': { schema: body }, 'application/json': { schema: body } }
            : { 'application/json': { schema: body } },
      };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = entry;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Threshold API',
      version: '1',
      description: `Enquiries and bookings for therapists and counsellors. Errors are application/problem+json; bodies are limited to ${maxBodyBytes / 1024} KB; every POST accepts an Idempotency-Key.`,
    },
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        therapistJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito token; the `sub` claim is the therapist id.',
        },
      },
    },
  };
}
