/**
 * The invitation's transaction parts against DynamoDB Local: one request at a time, open again after
 * a release, booked once; and session invitations for active clients.
 */
import { describe, expect, it } from 'vitest';
import { getRuntime } from '#shared/runtime.js';
import { getInvitation, invitationBook, invitationHold, invitationRelease } from '#shared/store/invitations.js';
import { isConditionFailure } from '#shared/store/dynamo.js';
import { createSessionInvitation } from '#shared/use-cases/invitations/session-invitation.js';
import { readInvitationByToken } from '#shared/use-cases/invitations/read-invitation.js';
import { writeTransaction } from '#shared/store/transaction.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { handlerMode } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aTherapist } from '#test/support/steps/given.js';
import { therapistSavesSettings } from './steps.js';
import { defaultPracticeSettings } from '#shared/domain/practice-settings.js';

useTestEnvironment({ invitationTtlDays: 10, appUrl: 'https://book.example.org/' });

const now = new Date('2026-03-20T10:00:00Z');
const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

async function anInvitation(sessionLengthMinutes?: number) {
  const therapist = await aTherapist();
  const made = await createSessionInvitation(getRuntime(), {
    therapist,
    client: {
      clientId: 'c-1',
      name: 'Alex',
      email: 'alex@client.test',
      ...(sessionLengthMinutes ? { sessionLengthMinutes } : {}),
    },
    now,
  });
  await writeTransaction(getRuntime().db, made.transactItems);
  return { therapist, ...made };
}

async function attempt(item: TransactItem): Promise<'ok' | 'refused'> {
  try {
    await writeTransaction(getRuntime().db, [item]);
    return 'ok';
  } catch (error) {
    if (isConditionFailure(error)) return 'refused';
    throw error;
  }
}

const stored = async (therapistId: string, invitationId: string) =>
  (await getInvitation(getRuntime().db, getRuntime().config.tableName, therapistId, invitationId, now))!;

describe.runIf(handlerMode)('invitation states', () => {
  it('a session invitation: the client’s own length, the deployment’s expiry, a link to the app', async () => {
    const { therapist, invitation, bookingUrl, expiresAt } = await anInvitation(75);
    expect(invitation).toMatchObject({ kind: 'session', clientId: 'c-1', durationMinutes: 75, status: 'open' });
    expect(expiresAt).toBe('2026-03-30T10:00:00.000Z');
    expect(bookingUrl).toMatch(/^https:\/\/book\.example\.org\/book\/[A-Za-z0-9_-]{43}$/);
    const token = bookingUrl.split('/').pop()!;
    const read = await readInvitationByToken(getRuntime(), token, later(1));
    expect(read.invitation).toEqual(invitation);
    expect(read.therapist.therapistId).toBe(therapist.therapistId);
    await expect(readInvitationByToken(getRuntime(), token, new Date('2026-03-30T10:00:00Z'))).rejects.toMatchObject({
      name: 'LinkGone',
      reason: 'expired',
    });
  });

  it("without the client's own length, the therapist's session length", async () => {
    const therapist = await aTherapist();
    expect(
      (await therapistSavesSettings(therapist.therapistId, { ...defaultPracticeSettings, sessionLengthMinutes: 45 }))
        .status,
    ).toBe(200);
    const made = await createSessionInvitation(getRuntime(), {
      therapist,
      client: { clientId: 'c-2', name: 'Jo', email: 'jo@client.test' },
      now,
    });
    expect(made.invitation.durationMinutes).toBe(45);
  });

  it('holds one request at a time; open again after a release; booked once', async () => {
    const { therapist, invitation } = await anInvitation();
    const { tableName } = getRuntime().config;
    const id = therapist.therapistId;

    expect(await attempt(invitationHold(tableName, invitation, 'b-1', later(1)))).toBe('ok');
    expect(await stored(id, invitation.invitationId)).toMatchObject({ status: 'pending', pendingBookingId: 'b-1' });
    // A second request while the first waits: refused.
    expect(await attempt(invitationHold(tableName, invitation, 'b-2', later(1)))).toBe('refused');
    // Auto-confirm cannot jump a waiting request either.
    expect(await attempt(invitationBook(tableName, id, invitation.invitationId, 'b-2', later(1)))).toBe('refused');
    // Only the holding request releases it.
    expect(await attempt(invitationRelease(tableName, id, invitation.invitationId, 'b-2'))).toBe('refused');
    expect(await attempt(invitationRelease(tableName, id, invitation.invitationId, 'b-1'))).toBe('ok');
    const reopened = await stored(id, invitation.invitationId);
    expect(reopened.status).toBe('open');
    expect(reopened.pendingBookingId).toBeUndefined();

    // Another time, confirmed: booked, and nothing more can hold or book it.
    expect(await attempt(invitationHold(tableName, invitation, 'b-3', later(2)))).toBe('ok');
    expect(await attempt(invitationBook(tableName, id, invitation.invitationId, 'b-3'))).toBe('ok');
    expect(await stored(id, invitation.invitationId)).toMatchObject({ status: 'booked', bookingId: 'b-3' });
    expect(await attempt(invitationHold(tableName, invitation, 'b-4', later(3)))).toBe('refused');
    expect(await attempt(invitationBook(tableName, id, invitation.invitationId, 'b-4', later(3)))).toBe('refused');
    expect(await attempt(invitationRelease(tableName, id, invitation.invitationId, 'b-3'))).toBe('refused');
  });

  it('auto-confirm books straight from open, but not once expired', async () => {
    const first = await anInvitation();
    const { tableName } = getRuntime().config;
    expect(
      await attempt(
        invitationBook(tableName, first.therapist.therapistId, first.invitation.invitationId, 'b-1', later(1)),
      ),
    ).toBe('ok');
    const second = await anInvitation();
    expect(
      await attempt(
        invitationBook(
          tableName,
          second.therapist.therapistId,
          second.invitation.invitationId,
          'b-1',
          new Date(second.expiresAt),
        ),
      ),
    ).toBe('refused');
    expect(await attempt(invitationHold(tableName, second.invitation, 'b-1', new Date(second.expiresAt)))).toBe(
      'refused',
    );
  });

  it("another therapist's id finds nothing to change", async () => {
    const { invitation } = await anInvitation();
    const other = await aTherapist();
    const { tableName } = getRuntime().config;
    // The key carries the therapist: an Update there would create a stray item, so the condition refuses it.
    expect(
      await attempt(
        invitationHold(
          tableName,
          { therapistId: other.therapistId, invitationId: invitation.invitationId },
          'b-1',
          later(1),
        ),
      ),
    ).toBe('refused');
    expect(await attempt(invitationBook(tableName, other.therapistId, invitation.invitationId, 'b-1'))).toBe('refused');
  });
});
