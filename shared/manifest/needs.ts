/**
 * What each function needs besides its code, declared once: the CDK stacks grant exactly this (IAM
 * and environment), the local stack gives each function exactly this and nothing more, and the
 * infrastructure test checks the synthesized templates against it. A need left out here fails the
 * same way in AWS and locally, instead of only in AWS.
 * Keep this file free of imports beyond routes.ts: CDK, the local stack and the tests import it.
 */
import type { FunctionName } from './routes.js';

export interface FunctionNeeds {
  /**
   * Item reads (and writes) on the one table, its indexes, and the table key through DynamoDB; or,
   * for a function that does a few things only, exactly those item actions and indexes.
   */
  readonly table:
    | 'read'
    | 'readWrite'
    | { readonly actions: readonly TableAction[]; readonly indexes: readonly ('timers' | 'byTime')[] };
  /** The key of keyed email hashes: anything that finds a person, a suppression or a rate count by email. */
  readonly emailHashKey?: true;
  /** Sends email through SES, as the stage's identity and through its configuration set. */
  readonly sendEmail?: true;
  /** Knows the stage's SES configuration set by name, to tell its own SES events from another stage's. */
  readonly sesConfigurationSet?: true;
  /** The console's sign-in settings: the user pool, the console app client and the Cognito domain. */
  readonly consoleIdentity?: true;
  /**
   * The long settings it reads (shared/config.ts `longSettings`); the short ones every function gets.
   * Lambda holds at most 4 KB of environment per function, so a long one goes only where it is read.
   */
  readonly settings?: readonly ('privacyNoticeText' | 'embedOrigins')[];
}

export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'ConditionCheckItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem';

export type Need = Exclude<keyof FunctionNeeds, 'table' | 'settings'>;

export const functionNeeds = {
  // One enquiry per person a day, and rate limits by address, are counted under keyed hashes. It serves
  // the privacy notice (GET /privacy) and the contact pages, which websites may frame (embedOrigins).
  enquiries: { table: 'readWrite', emailHashKey: true, settings: ['privacyNoticeText', 'embedOrigins'] },
  // Recording "continue" after a consultation makes the person a client, guarded by their email hash.
  consultations: { table: 'readWrite', emailHashKey: true },
  // A return request and an added client are recognised by email hash; its return page is a contact page (embedOrigins).
  rebooking: { table: 'readWrite', emailHashKey: true, settings: ['embedOrigins'] },
  // Erasure (POST /me/erasures) finds the person's guards and holds their queued emails by email hash.
  therapist: { table: 'readWrite', emailHashKey: true },
  // The therapist's pages run the same use cases as the API (adding a client hashes their email), and sign in through Cognito.
  console: { table: 'readWrite', emailHashKey: true, consoleIdentity: true },
  // Checks each recipient's suppression (by email hash) before it sends, from the stream and in its re-drive.
  mailer: { table: 'readWrite', emailHashKey: true, sendEmail: true },
  // Fires timers: their actions write to the table (emails go through the outbox); it sends nothing itself.
  sweep: { table: 'readWrite' },
  // The feed and busy-calendar routes; the feed token is derived from the email-hash key and a per-therapist random value.
  calendars: { table: 'readWrite', emailHashKey: true },
  // Exactly what it does: the schedule Query and the profile of a therapist without hours, the due
  // calendars on gsi1, and the conditional claim and result updates. No Put, Delete or Scan.
  'calendar-sync': { table: { actions: ['GetItem', 'Query', 'UpdateItem'], indexes: ['timers'] } },
  // Writes suppressions by email hash, for this stage's configuration set only.
  suppressions: { table: 'readWrite', emailHashKey: true, sesConfigurationSet: true },
} as const satisfies Record<FunctionName, FunctionNeeds>;

export const needsOf = (name: FunctionName): FunctionNeeds => functionNeeds[name];
