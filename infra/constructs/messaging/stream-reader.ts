/**
 * What the stream readers (the mailer, the calendar sync) share: the table's stream as an event
 * source without the table's key, and the acknowledgement of the one account-level action it needs.
 */
import { Validations } from 'aws-cdk-lib';
import { Table, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { ThresholdFunction } from '../threshold-function.js';

/**
 * DynamoDB decrypts stream records on the reader's behalf, so a reader's table binding (the key
 * through DynamoDB only, kms:ViaService) covers them. The event source is given the table without
 * its key: with the key it would add an unconditional kms:Decrypt beside that.
 */
export function tableStream(scope: Construct, table: ITable): ITable {
  if (!table.tableStreamArn) throw new Error('The table has no stream: the mailer reads the outbox from it.');
  return Table.fromTableAttributes(scope, 'OutboxStream', {
    tableArn: table.tableArn,
    tableStreamArn: table.tableStreamArn,
  });
}

export function acknowledgeListStreams(fn: ThresholdFunction): void {
  Validations.of(fn.functionRole.policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      "dynamodb:ListStreams, which the stream event source needs, is an account-level action with no resource ARN. The stream reads themselves (DescribeStream, GetShardIterator, GetRecords) are scoped to this table's stream.",
  });
}
