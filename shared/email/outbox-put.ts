/**
 * An email as an outbox Put: written in the same TransactWriteItems as the state change that causes
 * it. A booking invite's fields that repeat the message are left out first (stored-invite.ts), which
 * keeps the item under 1 KB: one write unit.
 */
import type { OutboxItem as StoredOutboxItem, TransactItem } from '../store/outbox.js';
import type { OutboxMessage } from './messages.js';
import { storedMessage } from './stored-invite.js';
import type { Store } from '../store/index.js';

export const outboxPut = (store: Store, message: OutboxMessage, now: Date): TransactItem => store.outbox.put(storedMessage(message), now);

/** An outbox item as the mailer and the tests read it: holding a message of the catalogue. */
export type OutboxItem = StoredOutboxItem<OutboxMessage>;
