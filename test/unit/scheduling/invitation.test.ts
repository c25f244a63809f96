/** Invitations: making one, and the conditions of the transaction parts the booking side writes. */
import { describe, expect, it } from 'vitest';
import { invitationExpiresAt, isInvitationExpired, newInvitation } from '#shared/domain/invitation.js';
import { invitationBook, invitationCreate, invitationHold, invitationRelease } from '#shared/store/invitations.js';

const now = new Date('2026-03-20T10:00:00Z');
const input = {
  invitationId: 'inv-1',
  therapistId: 't-1',
  kind: 'consultation',
  enquiryId: 'e-1',
  client: { name: 'Alex', email: 'alex@client.test' },
  durationMinutes: 30,
  now,
  expiresAt: invitationExpiresAt(now, 21),
} as const;
const invitation = newInvitation(input);

describe('an invitation', () => {
  it('starts open and expires after its days', () => {
    expect(invitation).toEqual({
      invitationId: 'inv-1',
      therapistId: 't-1',
      kind: 'consultation',
      enquiryId: 'e-1',
      client: { name: 'Alex', email: 'alex@client.test' },
      durationMinutes: 30,
      status: 'open',
      createdAt: '2026-03-20T10:00:00.000Z',
      expiresAt: '2026-04-10T10:00:00.000Z',
    });
    expect(isInvitationExpired(invitation, new Date('2026-04-10T09:59:59Z'))).toBe(false);
    expect(isInvitationExpired(invitation, new Date('2026-04-10T10:00:00Z'))).toBe(true);
    expect(() => newInvitation({ ...input, expiresAt: now })).toThrow(RangeError);
  });
});

describe('transaction parts', () => {
  it('create: a new item only, kept a retention period past expiry', () => {
    const put = invitationCreate('table', invitation, 90).Put!;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put.Item).toMatchObject({
      pk: 'THERAPIST#t-1',
      sk: 'INVITATION#inv-1',
      entity: 'invitation',
      status: 'open',
      ttl: Date.parse('2026-07-09T10:00:00Z') / 1000,
    });
  });

  it('hold: open and unexpired → pending with this booking', () => {
    const u = invitationHold('table', invitation, 'b-1', now).Update!;
    expect(u.ConditionExpression).toBe('#status = :open AND expiresAt > :now');
    expect(u.UpdateExpression).toContain('pendingBookingId = :booking');
    expect(u.ExpressionAttributeValues).toMatchObject({
      ':pending': 'pending',
      ':booking': 'b-1',
      ':now': now.toISOString(),
    });
  });

  it('release: only by the booking holding it', () => {
    const u = invitationRelease('table', 't-1', 'inv-1', 'b-1').Update!;
    expect(u.ConditionExpression).toBe('pendingBookingId = :booking');
    expect(u.UpdateExpression).toBe('SET #status = :open REMOVE pendingBookingId');
  });

  it('book: by the holding request, or straight from open (checked against now when given)', () => {
    expect(invitationBook('table', 't-1', 'inv-1', 'b-1').Update!.ConditionExpression).toBe(
      'pendingBookingId = :booking OR (#status = :open AND attribute_not_exists(pendingBookingId))',
    );
    const withNow = invitationBook('table', 't-1', 'inv-1', 'b-1', now).Update!;
    expect(withNow.ConditionExpression).toBe(
      'pendingBookingId = :booking OR (#status = :open AND attribute_not_exists(pendingBookingId) AND expiresAt > :now)',
    );
    expect(withNow.ExpressionAttributeValues).toMatchObject({ ':now': now.toISOString(), ':booked': 'booked' });
  });
});
