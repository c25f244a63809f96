import { describe, expect, it } from 'vitest';
import { classifySendError, errorName } from '#shared/email/email-sender.js';

const awsError = (name: string, status?: number) =>
  Object.assign(new Error('Email address is not verified: alex@client.test'), {
    name,
    $metadata: { httpStatusCode: status },
  });

describe('send errors', () => {
  it.each(['TooManyRequestsException', 'ThrottlingException', 'LimitExceededException'])(
    '%s is worth retrying',
    (name) => {
      expect(classifySendError(awsError(name, 400))).toBe('retryable');
    },
  );

  it('treats 429 and provider faults as retryable', () => {
    expect(classifySendError(awsError('SomethingNew', 429))).toBe('retryable');
    expect(classifySendError(awsError('InternalServiceErrorException', 500))).toBe('retryable');
    expect(classifySendError(awsError('SomethingNew', 503))).toBe('retryable');
    expect(classifySendError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('retryable');
  });

  it.each(['SendingPausedException', 'AccountSuspendedException', 'MailFromDomainNotVerifiedException'])(
    '%s holds the message until ops act, rather than failing it',
    (name) => {
      expect(classifySendError(awsError(name, 400))).toBe('held');
    },
  );

  it.each(['MessageRejected', 'BadRequestException', 'NotFoundException'])('%s is permanent', (name) => {
    expect(classifySendError(awsError(name, 400))).toBe('permanent');
  });

  it('leaves anything else to the stream’s own retries', () => {
    expect(classifySendError(new TypeError('boom'))).toBe('unexpected');
    expect(classifySendError('a string')).toBe('unexpected');
  });

  it('names an error without its message, which may hold an address', () => {
    expect(errorName(awsError('MessageRejected'))).toBe('MessageRejected');
    expect(errorName(42)).toBe('UnknownError');
  });
});
