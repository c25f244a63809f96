/**
 * Steps for the client lifecycle and return tests. `call` goes through the driver's one switch;
 * in handler mode the rebooking capability's handler is loaded here while test/support/driver.ts
 * does not list it yet (the rest of the driver is used as is).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { buildApiEvent, matchRoute } from '#infra/local/api-event.js';
import { expect } from 'vitest';
import type { OutboxMessage } from '#shared/email/messages.js';
import { wholeMessage } from '#shared/email/stored-invite.js';
import type { OutboxItem } from '#shared/email/outbox-put.js';
import { getRuntime } from '#shared/runtime.js';
import { clock, handlerMode, lambdaContext, send, type ApiCall, type ApiReply } from '#test/support/driver.js';
import type { GivenClient } from '#test/support/steps/given.js';

function reply(status: number, headers: Record<string, string>, text: string): ApiReply {
  return { status, headers, text, json: <T>() => JSON.parse(text) as T };
}

export async function call(request: ApiCall): Promise<ApiReply> {
  const [path = '/'] = request.path.split('?', 1);
  const match = handlerMode ? matchRoute(request.method, path) : undefined;
  if (!match || 'methodNotAllowed' in match || match.route.capability !== 'rebooking') return send(request);
  const { handler } = await import('#functions/rebooking/handler.js');
  const body = request.json !== undefined ? JSON.stringify(request.json) : request.body;
  const event = buildApiEvent(
    {
      method: request.method,
      url: request.path,
      headers: { ...(request.json !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
      ...(body !== undefined ? { body } : {}),
      sourceIp: request.sourceIp ?? '192.0.2.1',
      ...(request.as ? { claims: { sub: request.as, token_use: 'access' } } : {}),
      now: request.now ?? clock.now(),
    },
    match,
  );
  const response = await handler(event, lambdaContext('rebooking'));
  return reply(response.statusCode, response.headers, typeof response.body === 'string' ? response.body : '');
}

export interface ClientBody {
  name: string;
  email: string;
  status: 'active' | 'paused';
  [more: string]: unknown;
}

export const therapistAddsClient = (therapistId: string, body: unknown): Promise<ApiReply> =>
  call({ method: 'POST', path: '/me/clients', as: therapistId, json: body });
export const therapistListsClients = (therapistId: string, query = ''): Promise<ApiReply> =>
  call({ method: 'GET', path: `/me/clients${query ? `?${query}` : ''}`, as: therapistId });
export const therapistPausesClient = (therapistId: string, clientId: string, body: unknown = {}): Promise<ApiReply> =>
  call({ method: 'POST', path: `/me/clients/${clientId}/pause`, as: therapistId, json: body });
export const therapistEndsClient = (therapistId: string, clientId: string, body: unknown = {}): Promise<ApiReply> =>
  call({ method: 'POST', path: `/me/clients/${clientId}/end`, as: therapistId, json: body });
export const therapistResumesClient = (therapistId: string, clientId: string): Promise<ApiReply> =>
  call({ method: 'POST', path: `/me/clients/${clientId}/resume`, as: therapistId });

export const someoneAsksToReturn = (
  therapistId: string,
  body: unknown,
  from?: Pick<GivenClient, 'sourceIp'>,
  headers?: Record<string, string>,
): Promise<ApiReply> =>
  call({
    method: 'POST',
    path: `/therapists/${encodeURIComponent(therapistId)}/returns`,
    json: body,
    ...(from ? { sourceIp: from.sourceIp } : {}),
    ...(headers ? { headers } : {}),
  });
export const therapistListsReturns = (therapistId: string, query = ''): Promise<ApiReply> =>
  call({ method: 'GET', path: `/me/returns${query ? `?${query}` : ''}`, as: therapistId });
export const therapistAnswersReturn = (
  therapistId: string,
  returnId: string,
  action: 'accept' | 'decline',
  note?: string,
): Promise<ApiReply> =>
  call({
    method: 'POST',
    path: `/me/returns/${returnId}/${action}`,
    as: therapistId,
    json: note === undefined ? {} : { note },
  });

export const aReturnFrom = (
  client: Pick<GivenClient, 'name' | 'email'>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  name: client.name,
  email: client.email,
  message: 'I would like to start sessions again when you have space.',
  consent: true,
  ...overrides,
});

/** Outbox messages with this template, not sent yet (the mailer drops a message once it is sent), oldest first. */
export async function queued<T extends OutboxMessage['template']>(
  template: T,
  to?: string,
): Promise<Extract<OutboxMessage, { template: T }>[]> {
  const { db, config } = getRuntime();
  const items: OutboxItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: config.tableName,
        FilterExpression: 'entity = :o',
        ExpressionAttributeValues: { ':o': 'outbox' },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    items.push(...((page.Items ?? []) as OutboxItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return (
    items
      // The data as the template reads it (a booking invite whole: stored-invite.ts).
      .map((i) => (i.message ? wholeMessage(i.message, config.settings.senderEmail) : i.message))
      .filter(
        (m): m is Extract<OutboxMessage, { template: T }> =>
          m?.template === template && m.data !== undefined && (to === undefined || m.to?.email === to),
      )
      .sort((a, b) => (a.id < b.id ? -1 : 1))
  );
}

export async function onlyQueued<T extends OutboxMessage['template']>(
  template: T,
  to: string,
): Promise<Extract<OutboxMessage, { template: T }>> {
  const found = await queued(template, to);
  expect(found, `one ${template} to ${to}`).toHaveLength(1);
  return found[0]!;
}
