/**
 * The email-hash key of a stage, made by KMS at deploy time instead of kept in a paid secret.
 *
 * A CloudFormation custom resource (custom-resources Provider, onEvent handler). The key's durable
 * form is its ciphertext under the stage's data key, which is also the resource's physical id: safe to
 * show (only the data key can open it, and only with this encryption context), so it can be passed
 * between stacks and written down for recovery. The plaintext leaves only as the `Key` attribute with
 * NoEcho, read by Fn::GetAtt into the functions' environment (encrypted at rest with the data key);
 * the Provider framework redacts NoEcho data from its own logs, and this handler logs nothing.
 *
 * - Create without `Ciphertext`: KMS GenerateDataKey, 32 random bytes (the data stack).
 * - Create or Update with `Ciphertext`: adopt that key (the compute stacks, and a stage rebuilt with the
 *   key it had before: docs/operations.md).
 * - Update without `Ciphertext`: decrypt the physical id and return the same key; never a new one,
 *   which would orphan every stored hash.
 * - Delete: nothing. The key exists only as ciphertext; there is nothing to remove.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/** What the stack passes (CloudFormation hands every property over as a string). */
export interface EmailHashKeyProperties {
  /** The stage's data key (ARN). */
  readonly KeyId: string;
  readonly Stage: string;
  /** An existing key's ciphertext (base64) to use instead of generating one. */
  readonly Ciphertext?: string;
}

/** The answer the Provider framework turns into the CloudFormation response. */
export interface EmailHashKeyResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly Key: string };
  readonly NoEcho?: boolean;
}

/** The KMS client, or a test's stand-in for it (KMS cannot run here). */
export type KeyService = Pick<KMSClient, 'send'>;

export const keyBytes = 32;
/** An adopted key may be longer (a stage's earlier 64-character secret is 48 bytes), never weaker. */
export const minimumKeyBytes = 16;
export const keyPurpose = 'email-hash-key';

/**
 * Bound into every ciphertext: it opens only as the email-hash key of this stage, so the data key's
 * other uses (table, logs, queue) can never be asked to decrypt it, and a key of another stage cannot
 * be swapped in.
 */
export const encryptionContext = (stage: string): Record<string, string> => ({ purpose: keyPurpose, stage });

const base64 = (bytes: Uint8Array | undefined, what: string): string => {
  if (!bytes || bytes.length === 0) throw new Error(`KMS returned no ${what}.`);
  return Buffer.from(bytes).toString('base64');
};

function propertiesOf(event: CloudFormationCustomResourceEvent): EmailHashKeyProperties {
  const p = event.ResourceProperties as unknown as Partial<EmailHashKeyProperties>;
  if (!p.KeyId || !p.Stage) throw new Error('The email-hash key resource needs KeyId and Stage.');
  return { KeyId: p.KeyId, Stage: p.Stage, ...(p.Ciphertext ? { Ciphertext: p.Ciphertext } : {}) };
}

async function open(kms: KeyService, props: EmailHashKeyProperties, ciphertext: string): Promise<EmailHashKeyResponse> {
  const { Plaintext } = await kms.send(
    new DecryptCommand({
      KeyId: props.KeyId,
      CiphertextBlob: Buffer.from(ciphertext, 'base64'),
      EncryptionContext: encryptionContext(props.Stage),
    }),
  );
  const key = base64(Plaintext, 'plaintext');
  if (Buffer.from(key, 'base64').length < minimumKeyBytes)
    throw new Error(`The email-hash key must be at least ${minimumKeyBytes} bytes.`);
  return { PhysicalResourceId: ciphertext, Data: { Key: key }, NoEcho: true };
}

async function generate(kms: KeyService, props: EmailHashKeyProperties): Promise<EmailHashKeyResponse> {
  const { CiphertextBlob, Plaintext } = await kms.send(
    new GenerateDataKeyCommand({
      KeyId: props.KeyId,
      NumberOfBytes: keyBytes,
      EncryptionContext: encryptionContext(props.Stage),
    }),
  );
  return {
    PhysicalResourceId: base64(CiphertextBlob, 'ciphertext'),
    Data: { Key: base64(Plaintext, 'plaintext') },
    NoEcho: true,
  };
}

export async function onEmailHashKeyEvent(
  event: CloudFormationCustomResourceEvent,
  kms: KeyService,
): Promise<EmailHashKeyResponse> {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const props = propertiesOf(event);
  if (props.Ciphertext) return open(kms, props, props.Ciphertext);
  if (event.RequestType === 'Update') return open(kms, props, event.PhysicalResourceId);
  return generate(kms, props);
}

let client: KMSClient | undefined;

/** The Lambda entry point (the Provider's onEvent handler). */
export const handler = (event: CloudFormationCustomResourceEvent): Promise<EmailHashKeyResponse> =>
  onEmailHashKeyEvent(event, (client ??= new KMSClient({})));
