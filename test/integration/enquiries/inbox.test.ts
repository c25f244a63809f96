/** The therapist's inbox: newest first, filtered by status, paged, and never the message text. */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, HOUR, handlerMode } from '#test/support/driver.js';
import { aClient, aTherapist, anEnquiryFrom, type GivenTherapist } from '#test/support/steps/given.js';
import { clientSendsEnquiry, therapistDeclines, therapistListsEnquiries } from '#test/support/steps/when.js';

useTestEnvironment();

interface Inbox {
  items: {
    enquiryId: string;
    status: string;
    hasMessage: boolean;
    hasTimePreferences: boolean;
    hasPhone: boolean;
    [k: string]: unknown;
  }[];
  cursor?: string;
}

let therapist: GivenTherapist;
const sent: { enquiryId: string; message: string }[] = [];

beforeAll(async () => {
  clock.set('2025-03-04T08:00:00Z');
  therapist = await aTherapist();
  for (let i = 0; i < 5; i++) {
    clock.advance(HOUR);
    const client = aClient();
    const body = anEnquiryFrom(
      client,
      i === 0 ? { message: undefined, timePreferences: undefined, phone: undefined } : {},
    );
    const response = await clientSendsEnquiry(therapist.therapistId, body, client);
    sent.push({ enquiryId: response.json<{ enquiryId: string }>().enquiryId, message: String(body.message ?? '') });
  }
  await therapistDeclines(therapist.therapistId, sent[1]!.enquiryId);
});

const list = async (query = '') => {
  const response = await therapistListsEnquiries(therapist.therapistId, query);
  expect(response.status, response.text).toBe(200);
  return response.json<Inbox>();
};

describe.runIf(handlerMode)('the inbox', () => {
  it('lists enquiries newest first, saying whether there is a message but never showing it', async () => {
    const inbox = await list();
    expect(inbox.items.map((e) => e.enquiryId)).toEqual(sent.map((s) => s.enquiryId).reverse());
    expect(inbox.cursor).toBeUndefined();
    const text = JSON.stringify(inbox);
    for (const { message } of sent) if (message) expect(text).not.toContain(message);
    expect(text).not.toContain('"message"');
    expect(text).not.toContain('"timePreferences"');
    expect(text).not.toContain('"phone"');
    expect(inbox.items.at(-1)).toMatchObject({ hasMessage: false, hasTimePreferences: false, hasPhone: false });
    expect(inbox.items[0]).toMatchObject({ hasMessage: true, hasTimePreferences: true, hasPhone: true });
  });

  it('filters by status', async () => {
    expect((await list('status=declined')).items.map((e) => e.enquiryId)).toEqual([sent[1]!.enquiryId]);
    expect((await list('status=received')).items).toHaveLength(4);
    expect((await list('status=accepted')).items).toHaveLength(0);
  });

  it('pages with limit and cursor', async () => {
    const first = await list('limit=2');
    expect(first.items).toHaveLength(2);
    const second = await list(`limit=2&cursor=${first.cursor}`);
    const third = await list(`limit=2&cursor=${second.cursor}`);
    expect([...first.items, ...second.items, ...third.items].map((e) => e.enquiryId)).toEqual(
      sent.map((s) => s.enquiryId).reverse(),
    );
    const received = await list('status=received&limit=3');
    expect(received.items).toHaveLength(3);
    expect((await list(`status=received&limit=3&cursor=${received.cursor}`)).items).toHaveLength(1);
  });

  it('refuses a bad query with 400, naming the field', async () => {
    for (const [query, path] of [
      ['status=maybe', 'query.status'],
      ['limit=0', 'query.limit'],
      ['limit=lots', 'query.limit'],
      ['colour=red', 'query.colour'],
      ['cursor=abc', 'query.cursor'],
    ] as const) {
      const response = await therapistListsEnquiries(therapist.therapistId, query);
      expect(response.status, query).toBe(400);
      expect(response.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe(path);
    }
  });

  it("refuses another therapist's cursor", async () => {
    const other = await aTherapist();
    const first = await list('limit=1');
    const response = await therapistListsEnquiries(other.therapistId, `cursor=${first.cursor}`);
    expect(response.status).toBe(400);
  });
});
