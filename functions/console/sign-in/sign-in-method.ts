/**
 * How a therapist signs in to the console: Cognito managed login in AWS (cognito.ts), or the local
 * key on the local stack (infra/local/console.ts). The console itself (session cookie, CSRF,
 * returning to the page asked for, refreshing, signing out) is the same for both.
 */
import type { SignInAttempt } from '../cookies.js';

export interface SessionTokens {
  /** Verified on every request: its `sub` is the therapist id. */
  token: string;
  refreshToken?: string;
}

/** Expired carries the therapist too: the signature held, so the session can be looked up before a refresh. */
export type Verified =
  | { kind: 'valid'; therapistId: string }
  | { kind: 'expired'; therapistId: string }
  | { kind: 'invalid' };

/** What the visitor sees or where they go when a sign-in starts: a redirect to Cognito, or a page. */
export type SignInStart =
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; therapists: { therapistId: string; displayName: string }[] };

export interface CompleteInput {
  attempt: SignInAttempt;
  query: Readonly<Record<string, string>>;
  form: Readonly<Record<string, string>>;
}

/** A sign-in that did not finish, with words for the visitor. `status` is the page's status. */
export class SignInFailed extends Error {
  override readonly name = 'SignInFailed';
  constructor(
    message: string,
    readonly status: 400 | 403 | 503,
  ) {
    super(message);
  }
}

/** The identity provider could not be reached to sign out everywhere: nothing was ended, try again. */
export class SignOutUnavailable extends Error {
  override readonly name = 'SignOutUnavailable';
}

export interface SignInMethod {
  /** Where a sign-in completes: Cognito's redirect to /console/callback, or the local form POST. */
  readonly completesAt: 'callback' | 'form';
  /** Origins a form's redirect may lead to (CSP form-action): Cognito's /logout after signing out. */
  readonly formOrigins: readonly string[];
  verify(token: string): Promise<Verified>;
  /** A new token for an expired one, or undefined when the refresh token no longer works. */
  refresh(refreshToken: string): Promise<SessionTokens | undefined>;
  start(attempt: SignInAttempt): Promise<SignInStart>;
  complete(input: CompleteInput): Promise<SessionTokens>;
  /** Ends the session with the identity provider; answers where the browser goes next. */
  end(tokens: { refreshToken?: string }): Promise<string>;
  /**
   * Ends every session the identity provider holds for this therapist (Cognito's GlobalSignOut: every
   * refresh token, on every device), with the current access token; answers where the browser goes next.
   */
  endEverywhere(tokens: { token: string; refreshToken?: string }): Promise<string>;
}
