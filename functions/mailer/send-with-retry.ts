/**
 * Retries throttling in-process with exponential backoff and full jitter: a short burst over the
 * SES rate usually clears within a second, far sooner than a stream redelivery would.
 */
import { classifySendError, type SendErrorKind } from '#shared/email/email-sender.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export type SendResult =
  | { ok: true; providerMessageId: string; attempts: number }
  | { ok: false; kind: SendErrorKind; error: unknown; attempts: number };

export async function sendWithRetry(send: () => Promise<string>, policy: RetryPolicy): Promise<SendResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, providerMessageId: await send(), attempts: attempt };
    } catch (error) {
      const kind = classifySendError(error);
      if (kind !== 'retryable' || attempt >= policy.attempts) return { ok: false, kind, error, attempts: attempt };
      await policy.sleep(Math.floor(policy.random() * policy.baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
