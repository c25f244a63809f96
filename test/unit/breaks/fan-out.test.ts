/** Packing many clients' writes into transactions that DynamoDB accepts. */
import { describe, expect, it } from 'vitest';
import { maxItemsPerBatch, pack, type Delivery } from '#shared/use-cases/breaks/fan-out.js';

const delivery = (clientId: string, size: number): Delivery => ({
  clientId,
  items: Array.from({ length: size }, () => ({
    ConditionCheck: { TableName: 't', Key: { pk: clientId }, ConditionExpression: 'x' },
  })),
});

describe('pack', () => {
  it('fills each batch up to the room left beside the progress item, in order', () => {
    const clients = Array.from({ length: 50 }, (_, i) => delivery(`c${i}`, 1));
    const batches = pack(clients, maxItemsPerBatch - 1);
    expect(batches.map((b) => b.length)).toEqual([24, 24, 2]);
    expect(batches.flat().map((d) => d.clientId)).toEqual(clients.map((c) => c.clientId));
  });

  it('never splits one client across batches', () => {
    const batches = pack(
      Array.from({ length: 10 }, (_, i) => delivery(`c${i}`, 3)),
      24,
    );
    expect(batches.map((b) => b.length)).toEqual([8, 2]);
  });

  it('has nothing to do for nobody', () => expect(pack([], 24)).toEqual([]));
});
