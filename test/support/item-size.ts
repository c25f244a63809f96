/**
 * An item's size as DynamoDB bills it (the documented rule: attribute names and values in UTF-8
 * bytes, numbers about one byte per two digits plus one, three bytes of overhead per map or list
 * and one per element). DynamoDB Local reports no usable ConsumedCapacity for transactions.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

const numberSize = (n: string): number =>
  Math.ceil(
    Math.max(
      n
        .replace(/^-/, '')
        .replace('.', '')
        .replace(/^0+|0+$/g, '').length,
      1,
    ) / 2,
  ) + 1;

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.M)
    return 3 + Object.entries(v.M).reduce((sum, [name, x]) => sum + Buffer.byteLength(name) + valueSize(x) + 1, 0);
  if (v.L) return 3 + v.L.reduce((sum, x) => sum + valueSize(x) + 1, 0);
  if (v.SS) return v.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  throw new Error('An attribute type this measure does not know');
}

export const itemSize = (item: Record<string, unknown>): number =>
  Object.entries(marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: false })).reduce(
    (sum, [name, v]) => sum + Buffer.byteLength(name) + valueSize(v),
    0,
  );
