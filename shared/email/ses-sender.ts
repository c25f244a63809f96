/** The SES v2 adapter: SendEmail with raw MIME content, so attachments (ICS) travel as well. */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailSender, OutgoingEmail } from './email-sender.js';

export interface SesSenderOptions {
  region: string;
  /** Set locally (the SES emulator); in AWS the default endpoint and credentials apply. */
  endpoint?: string;
  /** SES configuration set (event publishing for bounces and complaints); optional. */
  configurationSetName?: string;
}

// SES tag values allow letters, digits, '_' and '-' only.
const tagValue = (value: string): string => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);

export function createSesClient({ region, endpoint }: SesSenderOptions): SESv2Client {
  return new SESv2Client({
    region,
    // The mailer retries throttling itself, with backoff it can see and test; SDK retries on top
    // would multiply the attempts.
    maxAttempts: 1,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}

export function createSesSender(
  options: SesSenderOptions,
  client: SESv2Client = createSesClient(options),
): EmailSender {
  return {
    async send(email: OutgoingEmail): Promise<string> {
      const result = await client.send(
        new SendEmailCommand({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: email.to },
          Content: { Raw: { Data: email.raw } },
          ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
          ...(email.tags
            ? {
                EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({
                  Name: tagValue(Name),
                  Value: tagValue(Value),
                })),
              }
            : {}),
        }),
      );
      if (!result.MessageId)
        throw Object.assign(new Error('SES answered without a MessageId'), { name: 'MissingMessageId' });
      return result.MessageId;
    },
  };
}
