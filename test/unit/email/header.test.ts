import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerValue } from '#shared/email/header.js';

describe('header values', () => {
  it('turns line breaks and control characters into single spaces', () => {
    expect(headerValue('Sam\r\nBcc: x@evil.test')).toBe('Sam Bcc: x@evil.test');
    expect(headerValue('  Sam \t\u2028 Rivera\u0000 ')).toBe('Sam Rivera');
  });

  it('bounds the length', () => {
    expect(headerValue('a'.repeat(500))).toHaveLength(200);
  });

  it('never contains a CR or LF, whatever it is given', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !/[\r\n]/.test(headerValue(s))));
  });
});
