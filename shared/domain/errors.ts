/**
 * Named domain errors. Use cases throw these; shared/http/problem.ts maps them to HTTP in one place.
 * Messages are written for the person who will read them: say what happened and what to do.
 */
import type { CrisisLine } from './crisis-line.js';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  override get name(): string {
    return this.constructor.name;
  }
}

/** Anything that does not exist for this caller — including what belongs to another therapist. */
export class NotFound extends DomainError {
  readonly code = 'not-found';
  constructor(readonly what: string) {
    super(`We could not find that ${what}.`);
  }
}

/** The state has moved on (accepting a declined enquiry, a slot taken meanwhile). */
export class StateConflict extends DomainError {
  readonly code = 'state-conflict';
  constructor(
    message: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A link token that was never issued (or was altered). */
export class LinkInvalid extends DomainError {
  readonly code = 'link-invalid';
  constructor() {
    super('This link is not valid. Please use the link from your most recent email.');
  }
}

/** A link token that has expired or has already been used. */
export class LinkGone extends DomainError {
  readonly code = 'link-gone';
  /** `therapistId`, when known, lets a page say how to reach the therapist; it never goes into a JSON answer. */
  constructor(
    readonly reason: 'expired' | 'used',
    readonly therapistId?: string,
  ) {
    super(reason === 'used' ? 'This link has already been used.' : 'This link has expired.');
  }
}

export class RateLimited extends DomainError {
  readonly code = 'rate-limited';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests. Please wait a little and try again.');
  }
}

/** A rule of the domain that input broke after it passed schema validation (e.g. overlapping breaks). */
export class RuleViolation extends DomainError {
  readonly code = 'rule-violation';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/**
 * First contact to a therapist who is no longer taking messages here (ops disabled them). Not a
 * NotFound: the page existed, and the person deserves to hear where else to turn.
 */
export class NotTakingMessages extends DomainError {
  readonly code = 'not-taking-messages';
  constructor(
    readonly therapistName: string,
    readonly otherHelp: string,
    readonly crisisLines: readonly CrisisLine[],
  ) {
    const crisis = crisisLines.map((l) => `${l.name}: ${l.detail}`).join('; ');
    super(
      `${therapistName} is not taking messages here, so your message was not sent. ${otherHelp} If you need support now, you do not have to wait: ${crisis}.`,
    );
  }
}

/**
 * An email this change would send could not be shown (a name no email can carry): refused before
 * anything is written, so no page ever says an email is on its way that the mailer would refuse.
 * `field` names what to change, never its value.
 */
export class Unsendable extends DomainError {
  readonly code = 'email-unsendable';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(
      `Nothing was changed: the email this sends could not show ${field}. ${reason} Please change it and try again.`,
    );
  }
}
