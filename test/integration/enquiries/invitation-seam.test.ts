/**
 * The seam the consultations capability fills: on accept, the invitation's items join the accept
 * transaction and its link goes into the client's email. A failing invitation leaves nothing behind.
 */
import { describe, expect, it } from 'vitest';
import { getRuntime } from '#shared/runtime.js';
import type { CreateConsultationInvitation } from '#shared/use-cases/invitations/consultation-invitation.js';
import { respondToEnquiry } from '#shared/use-cases/enquiries/respond-to-enquiry.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, handlerMode } from '#test/support/driver.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry } from '#test/support/steps/when.js';
import { pendingOutboxTo, storedEnquiry, storedItem } from '#test/support/steps/then.js';

useTestEnvironment();

async function aReceivedEnquiry() {
  clock.set('2025-03-04T10:00:00Z');
  const therapist = await aTherapist();
  const client = aClient();
  const { enquiryId } = (await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client)).json<{
    enquiryId: string;
  }>();
  return { therapist, client, enquiryId };
}

describe.runIf(handlerMode)('consultation invitation seam', () => {
  it('writes the invitation in the accept transaction and puts its link in the email', async () => {
    const { therapist, client, enquiryId } = await aReceivedEnquiry();
    const runtime = getRuntime();
    const invitationKey = { pk: `INVITATION#${enquiryId}`, sk: 'INVITATION' };
    const invite: CreateConsultationInvitation = async (deps, { enquiry }) => ({
      invitationId: 'test-invitation',
      durationMinutes: 30,
      bookingUrl: `https://api.threshold.test/book/tok-${enquiry.enquiryId}`,
      expiresAt: '2025-03-25T10:00:00.000Z',
      transactItems: [
        { Put: { TableName: deps.config.tableName, Item: { ...invitationKey, entity: 'test-invitation' } } },
      ],
    });
    const result = await respondToEnquiry(
      runtime,
      { therapistId: therapist.therapistId, enquiryId, action: 'accept', now: clock.now() },
      { createConsultationInvitation: invite },
    );
    expect(result.bookingUrl).toBe(`https://api.threshold.test/book/tok-${enquiryId}`);
    expect(await storedItem(invitationKey)).toMatchObject({ entity: 'test-invitation' });
    const [accepted] = (await pendingOutboxTo(client.email)).filter((o) => o.message.template === 'enquiry-accepted');
    expect(accepted?.message.data).toMatchObject({
      bookingUrl: result.bookingUrl,
      invitationExpiresAt: '2025-03-25T10:00:00.000Z',
    });
  });

  it('leaves the enquiry untouched when creating the invitation fails', async () => {
    const { therapist, enquiryId } = await aReceivedEnquiry();
    const failing: CreateConsultationInvitation = async () => {
      throw new Error('no availability set');
    };
    await expect(
      respondToEnquiry(
        getRuntime(),
        { therapistId: therapist.therapistId, enquiryId, action: 'accept', now: clock.now() },
        { createConsultationInvitation: failing },
      ),
    ).rejects.toThrow();
    expect((await storedEnquiry(therapist.therapistId, enquiryId))?.status).toBe('received');
  });
});
