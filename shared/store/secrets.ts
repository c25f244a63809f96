/**
 * The AWS adapter of the ReadSecret port: Secrets Manager GetSecretValue. Imported lazily so a cold
 * start pays for the client only where a secret is actually read (in AWS, once per container).
 */
import type { ReadSecret } from './email-hash.js';

export const readSecretFromSecretsManager: ReadSecret = async (secretArn) => {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!SecretString) throw new Error('The secret has no string value.');
    return SecretString;
  } finally {
    client.destroy();
  }
};
