/**
 * The one table definition. The CDK data stack and the local stack both build the table from this,
 * so an index added here exists everywhere. See docs/data-model.md for the access patterns.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const table = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds. DynamoDB deletes lazily (and DynamoDB Local never does): readers must treat an expired item as absent. */
  ttlAttribute: 'ttl',
  streamView: 'NEW_AND_OLD_IMAGES',
  indexes: {
    /**
     * What the sweep must act on, sparse. Due timers: only pending timers carry gsi1pk = TIMERS#<yyyy-mm-dd>#<shard>,
     * gsi1sk = <dueAt ISO>#<timerId>. Unfinished outbox items: gsi1pk = OUTBOX_DUE#<shard>, gsi1sk = <next re-drive ISO>#<messageId>.
     */
    timers: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** A therapist's items in time order (bookings by start). gsi2pk = THERAPIST#<id>#<collection>, gsi2sk = <ISO instant>#<id>. */
    byTime: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  },
} as const;

/** CreateTable input for DynamoDB Local and tests; mirrors infra/stacks/data-stack.ts. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { indexes } = table;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      table.partitionKey,
      table.sortKey,
      ...Object.values(indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
    ].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.values(indexes).map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamView },
  };
}
