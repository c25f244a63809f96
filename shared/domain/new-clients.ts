/**
 * Whether a therapist takes first contact (GET/PUT /me/new-clients):
 * - `open`: an enquiry goes to the therapist as always;
 * - `waiting-list`: an enquiry joins the waiting list instead (shared/domain/waiting-list.ts);
 * - `closed`: nobody can write; the contact page and the API say so kindly and point elsewhere.
 * The status is public by nature (a contact page shows it), so answering by it reveals nothing about
 * any person. The schema is the single source of the request shape and the stored shape.
 */
import * as z from '../zod.js';
import type { CrisisLine } from './crisis-line.js';
import { DomainError } from './errors.js';

export const newClientStatuses = ['open', 'waiting-list', 'closed'] as const;
export type NewClientStatus = (typeof newClientStatuses)[number];

export const newClientNoteLimit = 1000;

export const newClientPolicySchema = z.lazy(() =>
  z
    .strictObject(
      {
        status: z.enum(newClientStatuses, { error: `Please choose a status: ${newClientStatuses.join(', ')}.` }),
        /** The therapist's honest guess at the wait, told to people as they join. */
        expectedWaitWeeks: z.optional(
          z
            .number({ error: 'Please give expectedWaitWeeks as a whole number of weeks, or leave it out.' })
            .check(
              z.int('Please give expectedWaitWeeks as a whole number of weeks.'),
              z.minimum(1, 'Please give a wait of at least 1 week, or leave expectedWaitWeeks out.'),
              z.maximum(104, 'Please give a wait of at most 104 weeks, or leave expectedWaitWeeks out.'),
            ),
        ),
        /** The therapist's own words to people who find them full or closed (never a client's). */
        note: z.pipe(
          z.optional(
            z.string({ error: 'Please send the note as text, or leave it out.' }).check(
              z.trim(),
              z.maxLength(newClientNoteLimit, {
                error: () =>
                  `Please keep the note to ${newClientNoteLimit.toLocaleString('en-GB')} characters or fewer.`,
              }), // built when shown: toLocaleString wakes ICU
            ),
          ),
          z.transform((v) => (v === '' ? undefined : v)),
        ),
      },
      { error: 'Please send a JSON object, such as { "status": "waiting-list", "expectedWaitWeeks": 8 }.' },
    )
    .check(
      z.superRefine((policy, ctx) => {
        if (policy.expectedWaitWeeks !== undefined && policy.status !== 'waiting-list')
          ctx.addIssue({
            code: 'custom',
            path: ['expectedWaitWeeks'],
            message:
              'An expected wait only applies to the waiting list. Leave expectedWaitWeeks out, or choose "waiting-list".',
          });
        if (policy.note !== undefined && policy.status === 'open')
          ctx.addIssue({
            code: 'custom',
            path: ['note'],
            message: 'A note is shown to people who find you full or closed. Leave it out while you are open.',
          });
      }),
    ),
);
export interface NewClientPolicy {
  status: NewClientStatus;
  expectedWaitWeeks?: number;
  note?: string;
}

/** The stored shape: fields left out, not set to undefined. */
export const policyFrom = (parsed: z.output<typeof newClientPolicySchema>): NewClientPolicy => ({
  status: parsed.status,
  ...(parsed.expectedWaitWeeks !== undefined ? { expectedWaitWeeks: parsed.expectedWaitWeeks } : {}),
  ...(parsed.note !== undefined ? { note: parsed.note } : {}),
});

/** Every therapist is open until they say otherwise. */
export const defaultNewClientPolicy: NewClientPolicy = { status: 'open' };

/**
 * A first contact to a therapist who is not taking new clients. Not a StateConflict: nothing the
 * person did moved anything on; the words are for them, with where else to look.
 */
export class NotTakingNewClients extends DomainError {
  readonly code = 'not-taking-clients';
  constructor(
    readonly therapistName: string,
    readonly otherHelp: string,
    readonly crisisLines: CrisisLine[],
    readonly note?: string,
  ) {
    const crisis = crisisLines.map((l) => `${l.name}: ${l.detail}`).join('; ');
    super(
      `${therapistName} is not taking new clients at the moment, so your message was not sent. This is about how much time ${therapistName} has. It is not about you. ${otherHelp} If you need support now, you do not have to wait: ${crisis}.`,
    );
  }
}
