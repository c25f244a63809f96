/**
 * An email as an outbox Put: written in the same TransactWriteItems as the state change that causes
 * it. A booking invite's fields that repeat the message are left out first (stored-invite.ts), which
 * keeps the item under 1 KB: one write unit.
 */
import { Unsendable } from '../domain/errors.js';
import type { OutboxItem as StoredOutboxItem, TransactItem } from '../store/outbox.js';
import { personName } from './data-schema.js';
import type { OutboxMessage } from './messages.js';
import { storedMessage } from './stored-invite.js';
import type { Store } from '../store/index.js';

/** The names a message shows, where they are in it, in words a therapist reads. */
const namesOf = (message: OutboxMessage): [string, unknown][] => {
  const data = message.data as { clientName?: unknown; therapistName?: unknown };
  return [
    ['the recipient’s name', message.to.name],
    ['the sender’s name', message.fromName],
    ...(data.clientName !== undefined ? ([['the client’s name', data.clientName]] as [string, unknown][]) : []),
    ...(data.therapistName !== undefined
      ? ([['the therapist’s display name', data.therapistName]] as [string, unknown][])
      : []),
  ];
};

/**
 * Refuses (Unsendable, 422) a message whose names no template could show, by the templates' own name
 * schema: the use case stops before its transaction, so it never tells anyone an email is on its way
 * that the mailer would refuse.
 */
export function assertSendable(message: OutboxMessage): void {
  for (const [field, value] of namesOf(message)) {
    const checked = personName.safeParse(value);
    if (!checked.success) throw new Unsendable(field, checked.error.issues[0]!.message);
  }
}

export const outboxPut = (store: Store, message: OutboxMessage, now: Date): TransactItem => {
  assertSendable(message);
  return store.outbox.put(storedMessage(message), now);
};

/** An outbox item as the mailer and the tests read it: holding a message of the catalogue. */
export type OutboxItem = StoredOutboxItem<OutboxMessage>;
