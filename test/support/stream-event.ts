/**
 * DynamoDB stream events as Lambda delivers them to the mailer: INSERT records whose NewImage is
 * the stored item, marshalled the way the stream marshals it, with rising sequence numbers.
 */
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

let sequence = 100_000_000_000_000_000_000n;

// The SDK's AttributeValue and aws-lambda's describe the same wire shape.
const image = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: false }) as Record<string, AttributeValue>;

export interface RecordOptions {
  tableName?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  oldItem?: Record<string, unknown>;
}

export function streamRecord(
  item: Record<string, unknown> & { pk: string; sk: string },
  options: RecordOptions = {},
): DynamoDBRecord {
  sequence += 1n;
  const eventName = options.eventName ?? 'INSERT';
  const tableName = options.tableName ?? 'threshold';
  return {
    eventID: randomUUID().replace(/-/g, ''),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-2',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: image({ pk: item.pk, sk: item.sk }),
      ...(eventName === 'REMOVE' ? {} : { NewImage: image(item) }),
      ...(options.oldItem ? { OldImage: image(options.oldItem) } : {}),
      SequenceNumber: sequence.toString(),
      SizeBytes: JSON.stringify(item).length,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: `arn:aws:dynamodb:eu-west-2:000000000000:table/${tableName}/stream/2025-01-01T00:00:00.000`,
  };
}

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });
