/**
 * A phone appointment in the therapist's console: the booking page says which number to call (the
 * one the client gave when booking, or at first contact); and the public details page sets the fees line
 * the booking page shows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { clock, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import { aClient } from '#test/support/steps/given.js';
import { aPractice, anAcceptedEnquiry, clientBooks, clientListsSlots, practice, weekdays } from '../bookings/steps.js';

useTestEnvironment();
let api: RunningApiServer;
const therapists: string[] = [];

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-phone-')), 'jwt-key.json'));
  api = await startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key }));
});
afterAll(() => api?.stop());

describe('a phone appointment in the console', () => {
  it('shows the number to call: the one from first contact when the client gave none while booking', async () => {
    clock.set(new Date());
    const therapist = await aPractice(
      practice({
        minimumNoticeMinutes: 0,
        horizonDays: 60,
        consultation: { durationMinutes: 30, mode: { kind: 'phone' } },
      }),
      weekdays('Europe/London'),
    );
    therapists.push(therapist.therapistId);
    const client = aClient({ phone: '+44 7700 900555' });
    const { token } = await anAcceptedEnquiry(therapist, client);
    const slots = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
    const booked = await clientBooks(token, slots[0]!.start, 'Europe/London');
    expect(booked.status).toBe(201);
    const bookingId = booked.json<{ bookingId: string }>().bookingId;

    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, therapist.therapistId);
    const page = await agent.get(`/console/bookings/${bookingId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Phone call: you call them on +44 7700 900555');
  });

  it('the public details page sets the fees line the booking page shows, and emptied removes it', async () => {
    clock.set(new Date());
    const therapist = await aPractice(
      practice({ minimumNoticeMinutes: 0, horizonDays: 60 }),
      weekdays('Europe/London'),
    );
    therapists.push(therapist.therapistId);
    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, therapist.therapistId);
    const csrf = await agent.csrf();
    const saved = await agent.post('/console/profile', {
      csrf,
      crisisSource: 'deployment',
      fees: '£60 a session; ask about lower fees',
    });
    expect(saved.location).toBe('/console/profile?done=saved');
    expect((await agent.get('/console/profile')).text).toContain('value="£60 a session; ask about lower fees"');
    const { token } = await anAcceptedEnquiry(therapist);
    expect((await send({ method: 'GET', path: `/book/${token}` })).text).toContain(
      'Fees: £60 a session; ask about lower fees',
    );
    await agent.post('/console/profile', { csrf, crisisSource: 'deployment', fees: '' });
    expect((await send({ method: 'GET', path: `/book/${token}` })).text).not.toContain('Fees:');
  });
});
