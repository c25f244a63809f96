/** `when` steps: what people (and the schedule) do. Each goes through the driver's one switch. */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { clock, handlerMode, lambdaContext, send, type ApiReply } from '../driver.js';
import type { GivenClient } from './given.js';

export interface SendOptions {
  idempotencyKey?: string;
  sourceIp?: string;
  now?: Date;
}

export function clientSendsEnquiry(
  therapistId: string,
  body: unknown,
  client?: Pick<GivenClient, 'sourceIp'>,
  options: SendOptions = {},
): Promise<ApiReply> {
  return send({
    method: 'POST',
    path: `/therapists/${encodeURIComponent(therapistId)}/enquiries`,
    json: body,
    ...(options.idempotencyKey ? { headers: { 'idempotency-key': options.idempotencyKey } } : {}),
    ...((options.sourceIp ?? client?.sourceIp) ? { sourceIp: options.sourceIp ?? client?.sourceIp } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** The path of a link from an email (the API's own pages). */
export const pathOf = (url: string): string => new URL(url).pathname;

/** A mail scanner or the therapist opening the link: a GET, which must never act. */
export const someoneOpensLink = (url: string): Promise<ApiReply> => send({ method: 'GET', path: pathOf(url) });

/** The therapist presses the button on the link's page. */
export const therapistConfirmsLink = (url: string, note?: string): Promise<ApiReply> =>
  send({ method: 'POST', path: pathOf(url), form: note === undefined ? {} : { note } });

export const therapistListsEnquiries = (therapistId: string, query = ''): Promise<ApiReply> =>
  send({ method: 'GET', path: `/me/enquiries${query ? `?${query}` : ''}`, as: therapistId });

export const therapistReadsEnquiry = (therapistId: string, enquiryId: string): Promise<ApiReply> =>
  send({ method: 'GET', path: `/me/enquiries/${enquiryId}`, as: therapistId });

export const therapistAccepts = (therapistId: string, enquiryId: string, note?: string): Promise<ApiReply> =>
  send({
    method: 'POST',
    path: `/me/enquiries/${enquiryId}/accept`,
    as: therapistId,
    ...(note === undefined ? {} : { json: { note } }),
  });

export const therapistDeclines = (therapistId: string, enquiryId: string, note?: string): Promise<ApiReply> =>
  send({
    method: 'POST',
    path: `/me/enquiries/${enquiryId}/decline`,
    as: therapistId,
    ...(note === undefined ? {} : { json: { note } }),
  });

export interface SweepOutcome {
  fired: number;
  skipped: number;
  failed: number;
}

/** The scheduled sweep, as of the test clock (handler mode only: a stage sweeps on its own schedule). */
export async function theSweepRuns(at: Date = clock.now()): Promise<SweepOutcome> {
  if (!handlerMode) throw new Error('The sweep runs on its own schedule over HTTP; this test needs handler mode.');
  // Timers only, as the sweep is: in handler mode nothing streams the table, tests read what was
  // queued from the outbox items and deliver them with theOutboxIsDelivered. The mailer's re-drive
  // has tests of its own (test/integration/mailer/redrive.test.ts).
  const { createSweepHandler } = await import('#functions/sweep/handler.js');
  const handler = createSweepHandler();
  const event: ScheduledEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString(),
    region: 'eu-west-2',
    resources: ['arn:aws:events:eu-west-2:000000000000:rule/threshold-sweep'],
    detail: {},
  };
  // The timers' counts: what the outbox re-drive did is read back from the mailbox and the table.
  // The sweep's deployed timeout (infra/stacks/messaging-stack.ts), not an API function's 30 s: it
  // starts no timer within its reserve of the deadline.
  const { fired, skipped, failed } = await handler(event, lambdaContext('sweep', 120_000));
  return { fired, skipped, failed };
}
