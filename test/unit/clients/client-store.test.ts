/** The client store's transaction parts: what each condition guards (no I/O). */
import { describe, expect, it } from 'vitest';
import { clientChange, clientCloseReturn, clientOpenReturn, clientResume } from '#shared/store/clients.js';

const now = new Date('2026-03-10T10:00:00Z');
const client = { therapistId: 't1', clientId: 'c1', status: 'active' as const };

describe('client transaction parts', () => {
  it('a status change is guarded by the status it was decided from, sets what changed and removes what no longer applies', () => {
    const part = clientChange(
      'T',
      client,
      { status: 'paused', pausedAt: now.toISOString(), expectedReturn: undefined, pauseNote: 'x' },
      { status: 'paused', at: now.toISOString() },
      now,
      ['expectedReturn', 'pauseNote'],
    );
    const update = part.Update!;
    expect(update.Key).toEqual({ pk: 'THERAPIST#t1', sk: 'CLIENT#c1' });
    expect(update.ConditionExpression).toBe('attribute_exists(pk) AND #status = :from');
    expect(update.ExpressionAttributeValues![':from']).toBe('active');
    expect(update.UpdateExpression).toContain('#pauseNote = :pauseNote');
    expect(update.UpdateExpression).toContain(
      'statusHistory = list_append(if_not_exists(statusHistory, :none), :change)',
    );
    expect(update.UpdateExpression).toMatch(/REMOVE #expectedReturn$/);
  });

  it('resuming on a booking is nothing for an active client, and never fails the booking otherwise', () => {
    expect(clientResume('T', client, now)).toEqual([]);
    const [part] = clientResume('T', { ...client, status: 'paused' }, now);
    expect(part!.Update!.ConditionExpression).toBe('attribute_exists(pk)');
    expect(part!.Update!.ExpressionAttributeValues![':active']).toBe('active');
  });

  it('one open return request per client', () => {
    expect(clientOpenReturn('T', 't1', 'c1', 'r1').Update!.ConditionExpression).toBe(
      'attribute_exists(pk) AND attribute_not_exists(openReturnId)',
    );
    expect(clientCloseReturn('T', 't1', 'c1', 'r1').Update!.ConditionExpression).toBe('openReturnId = :id');
  });
});
