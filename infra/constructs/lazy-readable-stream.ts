/**
 * Stands in for `node:stream/web` where @middy/core imports it (`lambdaBuiltinSubstitutes` in
 * substitutes.ts). Middy uses its ReadableStream for one check, `body instanceof ReadableStream`, and
 * only when a handler streams its response, which none of ours does; yet importing the module loads
 * all of Node's web streams while the bundle loads (on Node 20, about 7% of a function's cold import,
 * measured with `npm run bench`). This class answers that check as the real class does, since it is
 * the same as the global ReadableStream, which Node loads only when first asked for.
 */
export class ReadableStream {
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof globalThis.ReadableStream;
  }
}
