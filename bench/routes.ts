/**
 * The main routes of each function, as people use them: what each one needs set up (untimed) and one
 * request of it. Writes get fresh subjects every time (a new enquiry, a new invitation), so the
 * thousandth request does what the first did.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { FunctionName } from '#shared/manifest/routes.js';
import { createMailerHandler } from '#functions/mailer/handler.js';
import { createSuppressionsHandler } from '#functions/suppressions/handler.js';
import { defaultPracticeSettings } from '#shared/domain/practice-settings.js';
import { createSesClient, createSesSender } from '#shared/email/ses-sender.js';
import type { OutboxItem } from '#shared/email/outbox-put.js';
import { putTherapist } from '#shared/store/therapists.js';
import { bounceEvent } from '#test/integration/suppressions/given.js';
import { streamRecord } from '#test/support/stream-event.js';
import { lambdaContext, type Reply, type World } from './world.js';

export interface RouteScenario {
  fn: FunctionName;
  label: string;
  /** Requests in flight at once (one process, as when a container's event loop is busy with several). */
  concurrency: number;
  /** Untimed: makes `count` subjects for `run` (requests 0 … count-1). */
  prepare(world: World, count: number): Promise<void>;
  run(world: World, i: number): Promise<void>;
}

export const expect = (reply: Reply, status: number, what: string): Reply => {
  if (reply.status !== status)
    throw new Error(`${what}: expected ${status}, got ${reply.status}: ${JSON.stringify(reply.json())}`);
  return reply;
};

const weekdays = (start: string, end: string) => {
  const day = [{ start, end }];
  return { timeZone: 'Europe/London', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day } };
};

/** A therapist with Monday-to-Friday hours who confirms bookings at once (the confirmation carries a calendar file). */
export async function aTherapist(world: World): Promise<string> {
  const therapistId = `bench-${randomUUID().slice(0, 8)}`;
  await putTherapist(world.runtime.db, world.tableName, {
    therapistId,
    displayName: 'Sam Rivera',
    shortName: 'Sam',
    email: `${therapistId}@therapist.test`,
    timeZone: 'Europe/London',
    createdAt: '2025-01-06T09:00:00.000Z',
  });
  expect(
    await world.send({
      method: 'PUT',
      path: '/me/settings',
      as: therapistId,
      json: { ...defaultPracticeSettings, requiresConfirmation: false },
    }),
    200,
    'settings',
  );
  expect(
    await world.send({ method: 'PUT', path: '/me/availability', as: therapistId, json: weekdays('09:00', '17:00') }),
    200,
    'hours',
  );
  return therapistId;
}

let clientCount = 0;
const enquiryBody = () => {
  const n = ++clientCount;
  return {
    request: {
      name: `Alex ${n}`,
      email: `alex-${n}-${randomUUID().slice(0, 6)}@client.test`,
      phone: '+44 7700 900123',
      preferredContact: 'email',
      message: 'I have been finding it hard to sleep and would like to talk to someone.',
      timePreferences: 'Weekday evenings after 6',
      consent: true,
    },
    sourceIp: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
  };
};

export async function sendEnquiry(world: World, therapistId: string): Promise<string> {
  const { request, sourceIp } = enquiryBody();
  const reply = expect(
    await world.send({ method: 'POST', path: `/therapists/${therapistId}/enquiries`, json: request, sourceIp }),
    201,
    'enquiry',
  );
  return reply.json<{ enquiryId: string }>().enquiryId;
}

async function inParallel<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await make(i);
      }
    }),
  );
  return out;
}

/** Free times from tomorrow on, an hour or more apart, so no booking takes another's time (or its buffer). */
export async function freeTimesApart(world: World, token: string, count: number, days = 40): Promise<string[]> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const starts: string[] = [];
  for (let from = 1; from <= days && starts.length < count; from += 30) {
    const reply = expect(
      await world.send({
        method: 'GET',
        path: `/invitations/${token}/slots?from=${day(from)}&to=${day(Math.min(from + 29, days))}`,
      }),
      200,
      'slots',
    );
    for (const { start } of reply.json<{ slots: { start: string }[] }>().slots)
      if (starts.length === 0 || Date.parse(start) - Date.parse(starts.at(-1)!) >= 3_600_000) starts.push(start);
  }
  if (starts.length < count) throw new Error(`Only ${starts.length} free times for ${count} bookings`);
  return starts.slice(0, count);
}

async function addClient(world: World, therapistId: string): Promise<void> {
  const { request } = enquiryBody();
  expect(
    await world.send({
      method: 'POST',
      path: '/me/clients',
      as: therapistId,
      json: { name: request.name, email: request.email, status: 'active' },
    }),
    201,
    'client',
  );
}

/** Invitations to book a consultation: enquiries accepted by their therapist. */
export async function invitations(world: World, therapistId: string, count: number): Promise<string[]> {
  const enquiries = await inParallel(count, 4, () => sendEnquiry(world, therapistId));
  return inParallel(count, 4, async (i) => {
    const reply = expect(
      await world.send({ method: 'POST', path: `/me/enquiries/${enquiries[i]}/accept`, as: therapistId }),
      200,
      'accept',
    );
    return tokenOf(reply.json<{ bookingUrl: string }>().bookingUrl);
  });
}

/** A setup shared by several routes, made the first time one of them asks (so any subset can run). */
const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};

const tokenOf = (url: string): string => new URL(url).pathname.split('/').pop()!;

export function scenarios(world: World): RouteScenario[] {
  const sender = mailerSender(world);
  const mailer = createMailerHandler({ sender: () => sender });
  const suppressions = createSuppressionsHandler({ configurationSet: () => 'threshold-dev' });

  /** A therapist with twenty enquiries waiting. */
  const inbox = once(async () => {
    const therapistId = await aTherapist(world);
    return { therapistId, enquiryIds: await inParallel(20, 4, () => sendEnquiry(world, therapistId)) };
  });
  /** A therapist with twenty of the next fortnight's times booked, and twenty open invitations. */
  const busyFortnight = once(async () => {
    const therapistId = await aTherapist(world);
    const tokens = await invitations(world, therapistId, 40);
    const taken = await freeTimesApart(world, tokens[0]!, 20, 14);
    await inParallel(
      20,
      4,
      async (i) =>
        void expect(
          await world.send({
            method: 'POST',
            path: `/invitations/${tokens[20 + i]}/bookings`,
            json: { start: taken[i] },
          }),
          201,
          'booking',
        ),
    );
    return { therapistId, tokens: tokens.slice(0, 20) };
  });
  /** A therapist with twenty clients. */
  const clientele = once(async () => {
    const therapistId = await aTherapist(world);
    await inParallel(20, 4, () => addClient(world, therapistId));
    return therapistId;
  });

  const enquiries = (): RouteScenario[] => {
    let therapistId = '';
    let actionTokens: string[] = [];
    return [
      {
        fn: 'enquiries',
        label: 'POST /therapists/{id}/enquiries',
        concurrency: 1,
        prepare: async () => void (therapistId = await aTherapist(world)),
        run: async () => void (await sendEnquiry(world, therapistId)),
      },
      {
        fn: 'enquiries',
        label: 'GET /actions/{token}',
        concurrency: 1,
        prepare: async (_, count) => {
          const owner = await aTherapist(world);
          await inParallel(count, 4, () => sendEnquiry(world, owner));
          actionTokens = (await world.itemsOf<OutboxItem>('outbox'))
            .filter((o) => o.message.template === 'enquiry-new' && o.message.therapistId === owner)
            .map((o) => tokenOf((o.message.data as { acceptUrl: string }).acceptUrl));
        },
        run: async (_, i) =>
          void expect(await world.send({ method: 'GET', path: `/actions/${actionTokens[i]}` }), 200, 'action page'),
      },
    ];
  };

  const therapist = (): RouteScenario[] => {
    let therapistId = '';
    let enquiryIds: string[] = [];
    return [
      {
        fn: 'therapist',
        label: 'GET /me/enquiries (20 in the inbox)',
        concurrency: 1,
        prepare: async () => void (therapistId = (await inbox()).therapistId),
        run: async () =>
          void expect(await world.send({ method: 'GET', path: '/me/enquiries', as: therapistId }), 200, 'inbox'),
      },
      {
        fn: 'therapist',
        label: 'GET /me/enquiries/{id}',
        concurrency: 1,
        prepare: async () => void ({ therapistId, enquiryIds } = await inbox()),
        run: async (_, i) =>
          void expect(
            await world.send({
              method: 'GET',
              path: `/me/enquiries/${enquiryIds[i % enquiryIds.length]}`,
              as: therapistId,
            }),
            200,
            'enquiry',
          ),
      },
      {
        fn: 'therapist',
        label: 'POST /me/enquiries/{id}/accept',
        concurrency: 1,
        prepare: async (_, count) => {
          therapistId = await aTherapist(world);
          enquiryIds = await inParallel(count, 4, () => sendEnquiry(world, therapistId));
        },
        run: async (_, i) =>
          void expect(
            await world.send({ method: 'POST', path: `/me/enquiries/${enquiryIds[i]}/accept`, as: therapistId }),
            200,
            'accept',
          ),
      },
    ];
  };

  const consultations = (): RouteScenario[] => {
    let therapistId = '';
    let tokens: string[] = [];
    let starts: string[] = [];
    const slots = (concurrency: number): RouteScenario => ({
      fn: 'consultations',
      label: 'GET /invitations/{token}/slots (14 days, 20 booked)',
      concurrency,
      prepare: async () => void ({ tokens } = await busyFortnight()),
      run: async (_, i) =>
        void expect(
          await world.send({ method: 'GET', path: `/invitations/${tokens[i % tokens.length]}/slots` }),
          200,
          'slots',
        ),
    });
    return [
      {
        fn: 'consultations',
        label: 'POST /invitations/{token}/bookings',
        concurrency: 1,
        prepare: async (_, count) => {
          therapistId = await aTherapist(world);
          tokens = await invitations(world, therapistId, count);
          starts = await freeTimesApart(world, tokens[0]!, count);
        },
        run: async (_, i) =>
          void expect(
            await world.send({
              method: 'POST',
              path: `/invitations/${tokens[i]}/bookings`,
              json: { start: starts[i] },
            }),
            201,
            'booking',
          ),
      },
      slots(1),
      slots(10),
      {
        fn: 'consultations',
        label: 'GET /me/bookings (20)',
        concurrency: 1,
        prepare: async () => void ({ therapistId } = await busyFortnight()),
        run: async () =>
          void expect(await world.send({ method: 'GET', path: '/me/bookings', as: therapistId }), 200, 'bookings'),
      },
    ];
  };

  const rebooking = (): RouteScenario[] => {
    let therapistId = '';
    return [
      {
        fn: 'rebooking',
        label: 'POST /me/clients',
        concurrency: 1,
        prepare: async () => void (therapistId = await aTherapist(world)),
        run: async () => addClient(world, therapistId),
      },
      {
        fn: 'rebooking',
        label: 'GET /me/clients (20)',
        concurrency: 1,
        prepare: async () => void (therapistId = await clientele()),
        run: async () =>
          void expect(await world.send({ method: 'GET', path: '/me/clients', as: therapistId }), 200, 'clients'),
      },
    ];
  };

  const background = (): RouteScenario[] => {
    let records: DynamoDBStreamEvent['Records'] = [];
    return [
      {
        fn: 'mailer',
        label: 'stream record: booking confirmation (with .ics)',
        concurrency: 1,
        prepare: async (_, count) => {
          const therapistId = await aTherapist(world);
          const tokens = await invitations(world, therapistId, count);
          const starts = await freeTimesApart(world, tokens[0]!, count);
          await inParallel(
            count,
            4,
            async (i) =>
              void expect(
                await world.send({
                  method: 'POST',
                  path: `/invitations/${tokens[i]}/bookings`,
                  json: { start: starts[i] },
                }),
                201,
                'booking',
              ),
          );
          records = (await world.itemsOf<OutboxItem>('outbox'))
            .filter(
              (o) =>
                o.message.template === 'booking-confirmed' &&
                o.message.therapistId === therapistId &&
                o.status === 'pending',
            )
            .map((o) =>
              streamRecord(o as unknown as OutboxItem & Record<string, unknown>, { tableName: world.tableName }),
            );
          if (records.length < count) throw new Error(`Only ${records.length} confirmations for ${count} sends`);
        },
        run: async (_, i) => {
          const result = await mailer({ Records: [records[i]!] }, lambdaContext('mailer'));
          if (result.batchItemFailures.length > 0) throw new Error('The mailer did not send the confirmation');
        },
      },
      {
        fn: 'suppressions',
        label: 'SES bounce event',
        concurrency: 1,
        prepare: async () => undefined,
        run: async () => {
          const result = await suppressions(
            bounceEvent({ to: [`${randomUUID()}@client.test`], configurationSet: 'threshold-dev' }),
            lambdaContext('suppressions'),
          );
          if (result.outcome !== 'suppressed') throw new Error(`The bounce was ${result.outcome}`);
        },
      },
    ];
  };

  return [...enquiries(), ...therapist(), ...consultations(), ...rebooking(), ...background()];
}

/** The mailer sends through an SES client the recorder sees, so its SendEmail is replayed too. */
function mailerSender(world: World) {
  const client = createSesClient({ region: 'eu-west-2', endpoint: world.sesEndpoint });
  world.recorder.attach(client, 'sesv2');
  return createSesSender({ region: 'eu-west-2', endpoint: world.sesEndpoint }, client);
}
