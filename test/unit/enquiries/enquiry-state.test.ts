import { describe, expect, it } from 'vitest';
import {
  acceptEnquiry,
  declineEnquiry,
  enquiryStatuses,
  expireEnquiry,
  nextStatus,
  type Enquiry,
} from '#shared/domain/enquiry.js';
import { StateConflict } from '#shared/domain/errors.js';

const now = new Date('2025-03-05T09:00:00Z');
const received: Enquiry = {
  enquiryId: 'e1',
  therapistId: 't1',
  status: 'received',
  name: 'Alex',
  email: 'alex@example.com',
  preferredContact: 'email',
  consent: { version: '1', at: '2025-03-04T10:00:00.000Z' },
  receivedAt: '2025-03-04T10:00:00.000Z',
};

describe('enquiry state machine', () => {
  it('accepts a received enquiry, keeping the note', () => {
    const next = acceptEnquiry(received, now, 'Happy to help');
    expect(next).toMatchObject({ status: 'accepted', closedAt: now.toISOString(), note: 'Happy to help' });
    expect(received.status).toBe('received');
  });

  it('declines a received enquiry; the note is optional', () => {
    const next = declineEnquiry(received, now);
    expect(next).toMatchObject({ status: 'declined', closedAt: now.toISOString() });
    expect(next).not.toHaveProperty('note');
  });

  it('expires a received enquiry', () => {
    expect(expireEnquiry(received, now).status).toBe('expired');
  });

  const closed = enquiryStatuses.filter((s) => s !== 'received');
  for (const status of closed)
    for (const action of ['accept', 'decline', 'expire'] as const)
      it(`refuses to ${action} an enquiry that is ${status}, with a message naming why`, () => {
        const attempt = () => nextStatus({ status }, action);
        expect(attempt).toThrow(StateConflict);
        expect(attempt).toThrow(
          status === 'withdrawn' ? /withdrew/ : new RegExp(status === 'expired' ? 'closed' : `already ${status}`),
        );
      });
});
