/**
 * The ReadableStream that @middy/core gets in Lambda bundles (substitutes.ts, lambdaBuiltinSubstitutes)
 * answers middy's one question of it, `body instanceof ReadableStream`, as Node's own class does.
 */
import { Readable } from 'node:stream';
import { ReadableStream as WebReadableStream } from 'node:stream/web';
import { describe, expect, it } from 'vitest';
import { ReadableStream } from '#infra/constructs/lazy-readable-stream.js';

describe("the ReadableStream middy's bundle gets", () => {
  const values: [string, unknown][] = [
    ['a web ReadableStream', new WebReadableStream()],
    ['one made from a Node stream', Readable.toWeb(Readable.from(['a']))],
    ['a Node Readable', Readable.from(['a'])],
    ['a string', 'body'],
    ['a plain object', { getReader: () => undefined }],
    ['null', null],
    ['undefined', undefined],
  ];

  it.each(values)('says of %s what the real class says', (_, value) => {
    expect(value instanceof ReadableStream).toBe(value instanceof WebReadableStream);
  });

  it('is the class Node also puts in the global scope, so deferring to the global is deferring to it', () => {
    expect(globalThis.ReadableStream).toBe(WebReadableStream);
  });
});
