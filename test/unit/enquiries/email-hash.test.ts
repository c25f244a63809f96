import { describe, expect, it } from 'vitest';
import { addressHash, emailHash, loadEmailHashKey, normaliseEmail } from '#shared/store/email-hash.js';

const key = 'k'.repeat(32);

describe('keyed email hash', () => {
  it('normalises case and surrounding space', () => {
    expect(normaliseEmail('  Alex@Example.COM ')).toBe('alex@example.com');
    expect(emailHash(key, ' Alex@Example.COM')).toBe(emailHash(key, 'alex@example.com'));
  });

  it('depends on the key, and never contains the address', () => {
    const hash = emailHash(key, 'alex@example.com');
    expect(hash).not.toBe(emailHash('other-key-0123456789', 'alex@example.com'));
    expect(hash).not.toContain('alex');
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('hashes client addresses apart from emails', () => {
    expect(addressHash(key, '10.0.0.1')).not.toBe(emailHash(key, '10.0.0.1'));
  });

  it('reads the key from configuration, or says what to set', async () => {
    await expect(loadEmailHashKey({ emailHashKey: key })).resolves.toBe(key);
    await expect(loadEmailHashKey({})).rejects.toThrow(/EMAIL_HASH_KEY/);
  });
});
