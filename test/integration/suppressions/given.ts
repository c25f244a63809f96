/**
 * SES bounce and complaint events as EventBridge delivers them, built from the samples in events/
 * (the shapes SES publishes) for a given recipient and outbox message, and the suppressions handler
 * as Lambda calls it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  createSuppressionsHandler,
  type SuppressionsDeps,
  type SuppressionsEvent,
} from '#functions/suppressions/handler.js';
import { emailHash } from '#shared/store/email-hash.js';
import { keys } from '#shared/store/keys.js';
import type { TestEnvironment } from '#test/support/environment.js';
import { lambdaContext } from '#test/support/driver.js';

export const configurationSet = 'threshold-dev';

export interface FeedbackOptions {
  /** Recipients the bounce or complaint names. */
  to: string[];
  outboxId?: string;
  /** Permanent (default), Transient or Undetermined. */
  bounceType?: string;
  /** When SES received the feedback. */
  at?: Date;
  configurationSet?: string;
}

const sample = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../../../events/${name}`, import.meta.url), 'utf8'));

function addressed(event: Record<string, any>, options: FeedbackOptions): SuppressionsEvent {
  const { mail } = event.detail;
  const at = (options.at ?? new Date()).toISOString();
  event.id = randomUUID();
  event.time = at.replace(/\.\d{3}Z$/, 'Z');
  mail.destination = options.to;
  mail.commonHeaders.to = options.to.map((to) => `Alex Morgan <${to}>`);
  mail.headers = mail.headers.map((h: { name: string; value: string }) =>
    h.name === 'To' ? { ...h, value: options.to.map((to) => `Alex Morgan <${to}>`).join(', ') } : h,
  );
  mail.tags['ses:configuration-set'] = [options.configurationSet ?? configurationSet];
  if (options.outboxId) mail.tags.outboxId = [options.outboxId];
  else delete mail.tags.outboxId;
  return event as SuppressionsEvent;
}

export function bounceEvent(options: FeedbackOptions): SuppressionsEvent {
  const event = sample('ses-bounce.json');
  event.detail.bounce.bounceType = options.bounceType ?? 'Permanent';
  event.detail.bounce.bounceSubType = options.bounceType === 'Transient' ? 'MailboxFull' : 'General';
  event.detail.bounce.bouncedRecipients = options.to.map((emailAddress) => ({
    emailAddress,
    action: 'failed',
    status: '5.1.1',
    diagnosticCode: `smtp; 550 5.1.1 <${emailAddress}>: user unknown`,
  }));
  event.detail.bounce.timestamp = (options.at ?? new Date()).toISOString();
  return addressed(event, options);
}

export function complaintEvent(options: FeedbackOptions): SuppressionsEvent {
  const event = sample('ses-complaint.json');
  event.detail.complaint.complainedRecipients = options.to.map((emailAddress) => ({ emailAddress }));
  event.detail.complaint.timestamp = (options.at ?? new Date()).toISOString();
  return addressed(event, options);
}

export function suppressions(overrides: Partial<SuppressionsDeps> = {}) {
  const handler = createSuppressionsHandler({ configurationSet: () => configurationSet, ...overrides });
  return (event: SuppressionsEvent) => handler(event, lambdaContext('suppressions'));
}

export async function readSuppression(
  env: TestEnvironment,
  address: string,
): Promise<Record<string, unknown> | undefined> {
  const hash = emailHash(env.runtime().config.emailHashKey!, address);
  const { Item } = await env
    .runtime()
    .db.send(new GetCommand({ TableName: env.tableName, Key: keys.suppression(hash), ConsistentRead: true }));
  return Item;
}
