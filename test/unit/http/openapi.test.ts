import { describe, expect, it } from 'vitest';
import { routes } from '#shared/manifest/routes.js';
import { openApiDocument } from '#functions/openapi.js';

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; requestBody?: unknown; security: unknown[]; parameters: { name: string; in: string }[] }
    >
  >;
};

/** The JSON API: the console's pages (auth 'session') are for a browser and are described in the README instead. */
const apiRoutes = routes.filter((r) => r.auth !== 'session');

describe('OpenAPI document', async () => {
  const doc = (await openApiDocument()) as unknown as Doc;

  it('describes every API route once, by its operation id, and none of the console pages', () => {
    for (const route of apiRoutes)
      expect(doc.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.operation);
    const count = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    expect(count).toBe(apiRoutes.length);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/console'))).toEqual([]);
  });

  it('names every path parameter and secures therapist routes', () => {
    for (const route of apiRoutes) {
      const op = doc.paths[route.path]![route.method.toLowerCase()]!;
      for (const name of route.path.match(/\{([^}]+)\}/g)?.map((p) => p.slice(1, -1)) ?? [])
        expect(op.parameters).toContainEqual(expect.objectContaining({ name, in: 'path' }));
      expect(op.security.length > 0).toBe(route.auth === 'therapist');
    }
  });

  it('documents the enquiry body from its zod schema, unknown fields refused', () => {
    const body = doc.paths['/therapists/{therapistId}/enquiries']!.post!.requestBody as {
      content: Record<string, { schema: { properties: Record<string, unknown>; additionalProperties: unknown } }>;
    };
    const schema = body.content['application/json']!.schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'email', 'consent', 'website']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('marks a body required exactly when an empty one would be refused', () => {
    const required = (path: string, method = 'post') =>
      (doc.paths[path]![method]!.requestBody as { required: boolean }).required;
    expect(required('/therapists/{therapistId}/enquiries')).toBe(true);
    expect(required('/me/availability', 'put')).toBe(true);
    expect(required('/invitations/{token}/bookings')).toBe(true);
    // Everything in these is optional: an empty body is a whole request.
    expect(required('/bookings/manage/{token}/cancel')).toBe(false);
    expect(required('/me/enquiries/{enquiryId}/accept')).toBe(false);
  });
});

describe('docs/openapi.json', () => {
  it('is the document the code generates (run `npm run openapi` after changing a route or schema)', async () => {
    const { readFileSync } = await import('node:fs');
    const committed = JSON.parse(
      readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(await openApiDocument());
  });
});
