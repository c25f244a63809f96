/**
 * KMS cannot run here, so the custom resource's side of the seam is checked against KMS's contract:
 * which command it sends with which input (the data key, 32 bytes, the purpose-and-stage context),
 * what it answers CloudFormation for Create, Update and Delete, and that the key is always NoEcho.
 */
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { onEmailHashKeyEvent, type KeyService } from '#infra/custom-resources/email-hash-key.js';

const keyArn = 'arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const plaintext = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const ciphertext = Uint8Array.from({ length: 184 }, (_, i) => (i * 7) % 256);
const ciphertextB64 = Buffer.from(ciphertext).toString('base64');
const keyB64 = Buffer.from(plaintext).toString('base64');
const context = { purpose: 'email-hash-key', stage: 'prod' };

/** A KMS stand-in that records each command and answers as KMS would for a valid context. */
function fakeKms(answer: { plaintext?: Uint8Array } = {}) {
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  const kms = {
    async send(command: GenerateDataKeyCommand | DecryptCommand) {
      sent.push({ command: command.constructor.name, input: command.input as unknown as Record<string, unknown> });
      const clear = answer.plaintext ?? plaintext;
      return command instanceof GenerateDataKeyCommand
        ? { CiphertextBlob: ciphertext, Plaintext: clear, KeyId: keyArn }
        : { Plaintext: clear, KeyId: keyArn };
    },
  } as unknown as KeyService;
  return { kms, sent };
}

const base = {
  ServiceToken: 'arn:aws:lambda:eu-west-2:111122223333:function:provider',
  ResponseURL: 'https://example.invalid',
  StackId: 'stack',
  RequestId: 'r',
  LogicalResourceId: 'EmailHashKey',
  ResourceType: 'Custom::EmailHashKey',
};
const properties = { ServiceToken: base.ServiceToken, KeyId: keyArn, Stage: 'prod' };
const create = (props: Record<string, string> = properties): CloudFormationCustomResourceEvent => ({
  ...base,
  RequestType: 'Create',
  ResourceProperties: { ...props, ServiceToken: base.ServiceToken },
});
const update = (physicalId: string, props: Record<string, string> = properties): CloudFormationCustomResourceEvent => ({
  ...base,
  RequestType: 'Update',
  PhysicalResourceId: physicalId,
  ResourceProperties: { ...props, ServiceToken: base.ServiceToken },
  OldResourceProperties: { ...properties },
});

describe('email-hash key resource', () => {
  it('creates a 32-byte key with the data key, bound to its purpose and stage; the ciphertext is the physical id, the key NoEcho', async () => {
    const { kms, sent } = fakeKms();
    const response = await onEmailHashKeyEvent(create(), kms);
    expect(sent).toEqual([
      { command: 'GenerateDataKeyCommand', input: { KeyId: keyArn, NumberOfBytes: 32, EncryptionContext: context } },
    ]);
    expect(response).toEqual({ PhysicalResourceId: ciphertextB64, Data: { Key: keyB64 }, NoEcho: true });
    expect(response.PhysicalResourceId).not.toContain(keyB64);
  });

  it('keeps the same key on update: decrypts its own physical id with the same context, never generates another', async () => {
    const { kms, sent } = fakeKms();
    const response = await onEmailHashKeyEvent(update(ciphertextB64), kms);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.command).toBe('DecryptCommand');
    expect(sent[0]!.input).toEqual({
      KeyId: keyArn,
      CiphertextBlob: Buffer.from(ciphertext),
      EncryptionContext: context,
    });
    expect(response).toEqual({ PhysicalResourceId: ciphertextB64, Data: { Key: keyB64 }, NoEcho: true });
  });

  it('adopts a given ciphertext (the compute stacks, or a rebuilt stage) on create and update, with NoEcho', async () => {
    for (const event of [
      create({ ...properties, Ciphertext: ciphertextB64 }),
      update('other-id', { ...properties, Ciphertext: ciphertextB64 }),
    ]) {
      const { kms, sent } = fakeKms();
      const response = await onEmailHashKeyEvent(event, kms);
      expect(sent.map((s) => s.command)).toEqual(['DecryptCommand']);
      expect(sent[0]!.input).toMatchObject({ CiphertextBlob: Buffer.from(ciphertext), EncryptionContext: context });
      expect(response).toEqual({ PhysicalResourceId: ciphertextB64, Data: { Key: keyB64 }, NoEcho: true });
    }
  });

  it('refuses a key shorter than 16 bytes, rather than weakening every hash; keeps a longer adopted one', async () => {
    await expect(
      onEmailHashKeyEvent(update(ciphertextB64), fakeKms({ plaintext: new Uint8Array(15) }).kms),
    ).rejects.toThrow(/at least 16 bytes/);
    const legacy = Buffer.from('a'.repeat(64), 'base64');
    const response = await onEmailHashKeyEvent(
      create({ ...properties, Ciphertext: ciphertextB64 }),
      fakeKms({ plaintext: legacy }).kms,
    );
    expect(response.Data?.Key).toBe('a'.repeat(64));
  });

  it('does nothing on delete: the key exists only as ciphertext', async () => {
    const { kms, sent } = fakeKms();
    const response = await onEmailHashKeyEvent(
      { ...base, RequestType: 'Delete', PhysicalResourceId: ciphertextB64, ResourceProperties: { ...properties } },
      kms,
    );
    expect(sent).toEqual([]);
    expect(response).toEqual({ PhysicalResourceId: ciphertextB64 });
  });

  it('needs the data key and the stage', async () => {
    const { kms } = fakeKms();
    await expect(onEmailHashKeyEvent(create({ ServiceToken: base.ServiceToken, Stage: 'prod' }), kms)).rejects.toThrow(
      /KeyId and Stage/,
    );
  });
});
