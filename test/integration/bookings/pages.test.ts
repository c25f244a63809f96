/**
 * The booking and manage pages' rules, read from the HTML the handlers answer with: moving offers
 * every free time but the one already held; cancelling is a link to a second step, never a button on
 * the manage page; the zone script is allowed by its hash and nothing else; and a closed link says how
 * to reach the therapist (their contact page) with their crisis lines.
 */
import { describe, expect, it } from 'vitest';
import { zoneScriptHash } from '#functions/consultations/pages/slot-picker.js';
import { clock, DAY, handlerMode, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import {
  aPractice,
  anAcceptedEnquiry,
  clientBooks,
  clientListsSlots,
  onlyMessage,
  practice,
  tokenOf,
} from './steps.js';

useTestEnvironment();

describe.runIf(handlerMode)('booking and manage pages', () => {
  it('move first, without the time already held; cancel on a second step', async () => {
    clock.set('2026-03-02T09:00:00Z'); // a Monday
    const therapist = await aPractice(practice({ requiresConfirmation: false }));
    const { client, token } = await anAcceptedEnquiry(therapist);
    const start = '2026-03-05T10:00:00+00:00';
    expect((await clientBooks(token, start)).status).toBe(201);
    const manageToken = tokenOf((await onlyMessage('booking-confirmed', client.email)).data.manageUrl);

    const page = await send({ method: 'GET', path: `/manage/${manageToken}?tz=Europe/London&day=2026-03-05` });
    expect(page.status).toBe(200);
    expect(page.text.indexOf('Move to another time')).toBeLessThan(page.text.indexOf('Cannot make it?'));
    expect(page.text).toContain('<legend>Times on Thursday 5 March</legend>');
    expect(page.text).not.toContain(`value="${start}"`);
    // Its neighbours, which overlap its own cells, are offered.
    expect(page.text).toContain('value="2026-03-05T09:30:00+00:00"');
    expect(page.text).toContain('value="2026-03-05T10:30:00+00:00"');
    expect(page.text).toContain(`<a class="quiet-button" href="${manageToken}/cancel">Cancel this appointment</a>`);
    expect(page.text).not.toMatch(/<form[^>]*action="[^"]*\/cancel"/);

    const step = await send({ method: 'GET', path: `/manage/${manageToken}/cancel` });
    expect(step.status).toBe(200);
    expect(step.text).toContain('<h1>Cancel your first consultation?</h1>');
    expect(step.text).toContain('<form method="post" action="cancel">');
    expect(step.text).toContain(`<a href="../${manageToken}">No, keep it</a>`);
    // Only the second step cancels; the GET changed nothing.
    expect((await send({ method: 'GET', path: `/bookings/manage/${manageToken}` })).json()).toMatchObject({
      status: 'confirmed',
    });
  });

  it('allows the zone script by its hash, and no script anywhere else', async () => {
    clock.set('2026-03-02T09:00:00Z');
    const therapist = await aPractice();
    const { token } = await anAcceptedEnquiry(therapist);
    const detecting = await send({ method: 'GET', path: `/book/${token}` });
    expect(detecting.text).toContain('<script data-zone="Europe/London">');
    expect(detecting.headers['content-security-policy']).toContain(`script-src ${zoneScriptHash};`);
    const chosen = await send({ method: 'GET', path: `/book/${token}?tz=Europe/London` });
    expect(chosen.text).not.toContain('<script');
    expect(chosen.headers['content-security-policy']).toContain("script-src 'none'");
    expect(chosen.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it("a day asked for shows that day's times; a day without times shows the first that has some", async () => {
    clock.set('2026-03-02T09:00:00Z');
    const therapist = await aPractice();
    const { token } = await anAcceptedEnquiry(therapist);
    const free = (await clientListsSlots(token, 'tz=Europe/London')).json<{ slots: { start: string }[] }>().slots;
    const wednesday = free.filter((s) => s.start.startsWith('2026-03-04'));
    const page = await send({ method: 'GET', path: `/book/${token}?tz=Europe/London&day=2026-03-04` });
    expect(page.text).toContain('<legend>Times on Wednesday 4 March</legend>');
    expect(page.text.match(/name="start"/g)).toHaveLength(wednesday.length);
    expect(page.text).toContain('aria-current="date"><span class="dow">Wednesday</span>');
    const saturday = await send({ method: 'GET', path: `/book/${token}?tz=Europe/London&day=2026-03-07` });
    // Monday is inside the 12 hours' notice, so Tuesday is the first day with times.
    expect(saturday.text).toContain('<legend>Times on Tuesday 3 March</legend>');
  });

  it('a closed invitation says how to write to the therapist again, with the crisis lines', async () => {
    clock.set('2026-03-02T09:00:00Z');
    const therapist = await aPractice();
    const { token } = await anAcceptedEnquiry(therapist);
    clock.set(new Date(clock.now().getTime() + 30 * DAY));
    const closed = await send({ method: 'GET', path: `/book/${token}` });
    expect(closed.status).toBe(410);
    expect(closed.text).toContain('<h1>This invitation has closed</h1>');
    expect(closed.text).toContain(`<a href="../contact/${therapist.therapistId}">write to Sam Rivera</a>`);
    expect(closed.text).toContain('Samaritans: call 116 123');
    // The JSON answer says nothing about whose invitation it was.
    const json = await send({ method: 'GET', path: `/invitations/${token}` });
    expect(json.status).toBe(410);
    expect(json.text).not.toContain(therapist.therapistId);
  });

  it('a phone appointment asks for the number (the first-contact one filled in), keeps it on the booking, and shows it to the therapist', async () => {
    clock.set('2026-03-02T09:00:00Z'); // a Monday
    const therapist = await aPractice(practice({ consultation: { durationMinutes: 30, mode: { kind: 'phone' } } }));
    const { client, token } = await anAcceptedEnquiry(therapist);
    const page = await send({ method: 'GET', path: `/book/${token}?tz=Europe/London&day=2026-03-05` });
    expect(page.text).toContain(
      'It is a phone call. Sam Rivera will call you at the time you choose, on the number you give below.',
    );
    expect(page.text).toContain(`value="${client.phone}"`);
    expect(page.text).toContain('This is the number you gave when you first wrote.');

    const start = '2026-03-05T10:00:00+00:00';
    const form = { start, tz: 'Europe/London', from: '2026-03-02', day: '2026-03-05' };
    const empty = await send({ method: 'POST', path: `/book/${token}`, form: { ...form, phone: '' } });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Please add the phone number to call you on');
    const booked = await send({ method: 'POST', path: `/book/${token}`, form: { ...form, phone: '+44 7700 900999' } });
    expect(booked.status).toBe(200);

    const listed = (await send({ method: 'GET', path: '/me/bookings', as: therapist.therapistId })).json<{
      items: { bookingId: string; client: { phone?: string } }[];
    }>().items;
    expect(listed[0]!.client.phone).toBe('+44 7700 900999');
    const request = await onlyMessage('booking-request', therapist.email);
    expect(request.data.appointment.join).toEqual({ kind: 'phone', number: '+44 7700 900999' });
    // The client's own email never carries it.
    expect(JSON.stringify(await onlyMessage('booking-requested', client.email))).not.toContain('900999');
  });

  it('before a time is chosen: how the meeting happens, the fees line, and the times too close to change online marked', async () => {
    clock.set('2026-03-02T17:00:00Z'); // a Monday evening: all of Tuesday's times are 16 to 24 hours away
    const therapist = await aPractice();
    expect(
      (
        await send({
          method: 'PUT',
          path: '/me/profile',
          as: therapist.therapistId,
          json: { fees: '£60 a session; ask about lower fees' },
        })
      ).status,
    ).toBe(200);
    const { token } = await anAcceptedEnquiry(therapist);
    const page = await send({ method: 'GET', path: `/book/${token}?tz=Europe/London&day=2026-03-03` });
    expect(page.text).toContain('It is a video call. The link to join is in the email that confirms your time.');
    expect(page.text).toContain('Fees: £60 a session; ask about lower fees');
    const labels = page.text.split('<label class="slot').slice(1);
    const close = labels.filter((l) => l.includes('Too close to change online'));
    // 09:00 to 17:00 on Tuesday: every one starts less than 24 hours from now.
    expect(close.length).toBe(labels.length);
    expect(page.text).toContain('id="close-note"');
    const wednesday = await send({ method: 'GET', path: `/book/${token}?tz=Europe/London&day=2026-03-04` });
    expect(wednesday.text).not.toContain('Too close to change online');
    // Left out, the fees line stays; null removes it.
    expect(
      (await send({ method: 'PUT', path: '/me/profile', as: therapist.therapistId, json: {} })).json(),
    ).toMatchObject({ fees: '£60 a session; ask about lower fees' });
    expect(
      (await send({ method: 'PUT', path: '/me/profile', as: therapist.therapistId, json: { fees: null } })).json(),
    ).not.toHaveProperty('fees');
  });
});
