/**
 * What sending an outbox email needs, built once per invocation from the runtime: the SES sender,
 * the leases, the suppression check and a lease length tied to the invocation's deadline. The
 * mailer's stream trigger and its re-drive both send through this, so they send the same way.
 */
import { errorName, type EmailSender } from '#shared/email/email-sender.js';
import { createSesSender } from '#shared/email/ses-sender.js';
import { emailHash, loadEmailHashKey } from '#shared/store/index.js';
import type { Runtime } from '#shared/runtime.js';
import type { DeliverDeps } from './deliver.js';
import type { RetryPolicy } from './send-with-retry.js';

export interface DeliveryOptions {
  sender: (runtime: Runtime) => EmailSender;
  /** The real clock: leases and sentAt are about when things happen, whatever time a sweep acts as of. */
  now: () => Date;
  retry: RetryPolicy;
  /**
   * How long a claim lasts when the invocation's own deadline is unknown. Normally a claim lasts
   * until this invocation's deadline plus a moment, so a timed-out invocation's items are free by
   * the time anyone tries them again.
   */
  leaseMs: number;
}

const senders = new WeakMap<Runtime, EmailSender>();

export const defaultDeliveryOptions: DeliveryOptions = {
  sender: (runtime) => {
    let sender = senders.get(runtime);
    if (!sender) {
      const { region, sesEndpoint } = runtime.config;
      const configurationSetName = process.env.SES_CONFIGURATION_SET || undefined;
      sender = createSesSender({
        region,
        ...(sesEndpoint ? { endpoint: sesEndpoint } : {}),
        ...(configurationSetName ? { configurationSetName } : {}),
      });
      senders.set(runtime, sender);
    }
    return sender;
  },
  now: () => new Date(),
  retry: { attempts: 3, baseDelayMs: 200, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random },
  leaseMs: 90_000,
};

const leaseMarginMs = 2_000;

/** `deadline`: epoch ms when this invocation is stopped, if known. */
export async function deliveryDeps(
  runtime: Runtime,
  options: DeliveryOptions,
  deadline: number | undefined,
): Promise<DeliverDeps> {
  const { config, db, logger } = runtime;
  // SES's own suppression list (the configuration set) still applies if ours cannot be read.
  const hashKey = await loadEmailHashKey(config).catch((error: unknown) => {
    logger.warn('suppression records not checked: no email hash key', { errorName: errorName(error) });
    return undefined;
  });
  return {
    runtime,
    leases: runtime.store.outboxLeases,
    sender: options.sender(runtime),
    now: options.now,
    retry: options.retry,
    leaseMs: () =>
      deadline === undefined ? options.leaseMs : Math.max(0, deadline - options.now().getTime()) + leaseMarginMs,
    suppressionHash: (email) => (hashKey ? emailHash(hashKey, email) : undefined),
    isSuppressed: runtime.store.suppressions.isSuppressed,
  };
}
