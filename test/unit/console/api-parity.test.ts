/**
 * Everything a therapist can do through /me is reachable from a console page, or listed with its
 * reason as API-only: derived from the route list, so a new /me route without either fails here.
 */
import { describe, expect, it } from 'vitest';
import { consolePages } from '#functions/console/pages/index.js';
import { consoleCounterparts, parityProblems } from '#shared/manifest/console-parity.js';
import { routes, type Route } from '#shared/manifest/routes.js';

const pages = new Set(Object.keys(consolePages));

describe('console parity with the /me API', () => {
  it('every /me operation has a console page (that exists) or a reason to be API-only', () => {
    expect(parityProblems(routes, consoleCounterparts, pages)).toEqual([]);
  });

  it('fails when a /me route is added without a page or a reason', () => {
    const added: Route = {
      method: 'POST',
      path: '/me/bulk-import',
      capability: 'therapist',
      auth: 'therapist',
      operation: 'bulkImport',
      summary: 'Import clients',
    };
    const before = parityProblems(routes, consoleCounterparts, pages);
    expect(parityProblems([...routes, added], consoleCounterparts, pages)).toEqual([
      ...before,
      'POST /me/bulk-import (bulkImport) has no console page and no reason to be API-only',
    ]);
    expect(
      parityProblems(
        [...routes, added],
        { ...consoleCounterparts, bulkImport: { apiOnly: 'Many clients at once come from another tool, not a form.' } },
        pages,
      ),
    ).toEqual(before);
  });

  it('fails when an entry names a page that does not exist', () => {
    const problems = parityProblems(routes, { ...consoleCounterparts, putSettings: { page: 'consoleNowhere' } }, pages);
    expect(problems).toContain(
      'PUT /me/settings (putSettings) names the console page consoleNowhere, which does not exist',
    );
  });
});
