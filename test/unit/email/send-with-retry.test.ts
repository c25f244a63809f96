import { describe, expect, it } from 'vitest';
import { sendWithRetry, type RetryPolicy } from '#functions/mailer/send-with-retry.js';

const throttled = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });

function policy(): RetryPolicy & { delays: number[] } {
  const delays: number[] = [];
  return { attempts: 3, baseDelayMs: 200, random: () => 0.5, sleep: async (ms) => void delays.push(ms), delays };
}

describe('sending with retries', () => {
  it('retries throttling with exponential backoff and jitter, then succeeds', async () => {
    const p = policy();
    let calls = 0;
    const result = await sendWithRetry(async () => (++calls < 3 ? Promise.reject(throttled()) : 'ses-id'), p);
    expect(result).toEqual({ ok: true, providerMessageId: 'ses-id', attempts: 3 });
    expect(p.delays).toEqual([100, 200]);
  });

  it('gives up after the last attempt and says it was retryable', async () => {
    const p = policy();
    const result = await sendWithRetry(() => Promise.reject(throttled()), p);
    expect(result).toMatchObject({ ok: false, kind: 'retryable', attempts: 3 });
  });

  it('does not retry a permanent rejection', async () => {
    const p = policy();
    const result = await sendWithRetry(
      () => Promise.reject(Object.assign(new Error('x'), { name: 'MessageRejected' })),
      p,
    );
    expect(result).toMatchObject({ ok: false, kind: 'permanent', attempts: 1 });
    expect(p.delays).toEqual([]);
  });
});
