/**
 * The port the mailer sends through. The SES adapter implements it; tests wrap it to inject
 * throttling or rejection without a network trick.
 */
export interface OutgoingEmail {
  /** The complete MIME message. */
  raw: Uint8Array;
  /** Envelope sender (the verified sending address). */
  from: string;
  /** Envelope recipients. */
  to: string[];
  /** Provider tags for event routing (bounces, complaints): ids only, never personal data. */
  tags?: Record<string, string>;
}

export interface EmailSender {
  /** Resolves with the provider's message id. */
  send(email: OutgoingEmail): Promise<string>;
}

/**
 * What a send error means for the message: `retryable` (throttled, a provider fault, the network)
 * is worth another go soon; `held` means SES sends nothing for this account or sender until a
 * person acts (a paused or suspended account, an unverified MAIL FROM domain), so the message
 * waits for that rather than being lost with every other one; `permanent` will fail the same way
 * every time; `unexpected` is anything unrecognised, retried by the stream and then the re-drive.
 */
export type SendErrorKind = 'retryable' | 'held' | 'permanent' | 'unexpected';

const retryableNames = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
]);

// About the account or the sender, not the message: the same message sends once ops have acted.
const heldNames = new Set([
  'SendingPausedException',
  'AccountSuspendedException',
  'MailFromDomainNotVerifiedException',
]);

const permanentNames = new Set([
  'MessageRejected',
  // A malformed request or unknown configuration set: the same request fails the same way.
  'BadRequestException',
  'NotFoundException',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function classifySendError(error: unknown): SendErrorKind {
  if (typeof error !== 'object' || error === null) return 'unexpected';
  const e = error as ErrorShape;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (heldNames.has(name)) return 'held';
  if (permanentNames.has(name)) return 'permanent';
  if (retryableNames.has(name) || retryableNames.has(code)) return 'retryable';
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status === 429 || status >= 500)) return 'retryable';
  return 'unexpected';
}

/** A name safe to log and store: error names carry no personal data; error messages might. */
export const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null && typeof (error as ErrorShape).name === 'string'
    ? ((error as ErrorShape).name as string).slice(0, 100)
    : 'UnknownError';
