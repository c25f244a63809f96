/**
 * Secrets Manager cannot run here, so the adapter's side of the seam is checked against the SDK's
 * contract: one GetSecretValue for the ARN, the string value returned, a missing string refused.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const sent: unknown[] = [];
let answer: { SecretString?: string } = {};

vi.mock('@aws-sdk/client-secrets-manager', () => ({
  GetSecretValueCommand: class {
    constructor(readonly input: unknown) {}
  },
  SecretsManagerClient: class {
    async send(command: { input: unknown }) {
      sent.push(command.input);
      return answer;
    }
    destroy() {}
  },
}));

const { readSecretFromSecretsManager } = await import('../../../shared/store/secrets.js');

describe('Secrets Manager adapter', () => {
  afterEach(() => {
    sent.length = 0;
  });

  it('asks for the secret by ARN and returns its string value', async () => {
    answer = { SecretString: 'k'.repeat(48) };
    await expect(readSecretFromSecretsManager('arn:aws:secretsmanager:eu-west-2:1:secret:hash')).resolves.toBe('k'.repeat(48));
    expect(sent).toEqual([{ SecretId: 'arn:aws:secretsmanager:eu-west-2:1:secret:hash' }]);
  });

  it('refuses a secret without a string value', async () => {
    answer = {};
    await expect(readSecretFromSecretsManager('arn:aws:secretsmanager:eu-west-2:1:secret:hash')).rejects.toThrow(/no string value/);
  });
});
