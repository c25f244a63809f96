/**
 * Cognito's user pool API, for the one call the console makes to it: GlobalSignOut, which revokes every
 * refresh token the therapist holds (every device, the therapist app's included), authorised by the
 * access token alone, which must carry the `aws.cognito.signin.user.admin` scope (cognito.ts asks for
 * it; infra/stacks/api-stack.ts allows it on the console client). A port with a fetch adapter speaking
 * the API's JSON 1.1 protocol, whose contract is tested against the local fake
 * (test/support/fake-cognito.ts), because Cognito cannot run here. No AWS credentials are involved.
 */
import * as z from '#shared/zod.js';

export interface UserPoolSessions {
  globalSignOut(accessToken: string): Promise<void>;
}

/** Cognito answered and said no: the token is revoked, expired, or lacks the scope (NotAuthorizedException). */
export class GlobalSignOutRefused extends Error {
  override readonly name = 'GlobalSignOutRefused';
  constructor(readonly type: string) {
    super(`The user pool refused the sign-out: ${type}`);
  }
}

/** Not reached, timed out, throttled, failed, or answered with something that is not the API's. */
export class UserPoolUnavailable extends Error {
  override readonly name = 'UserPoolUnavailable';
}

/** `eu-west-2_AbCdEf123` → `https://cognito-idp.eu-west-2.amazonaws.com/` */
export const userPoolEndpoint = (userPoolId: string): string =>
  `https://cognito-idp.${userPoolId.split('_')[0]}.amazonaws.com/`;

/** `__type` is the exception's name, sometimes after a namespace and `#`; nothing else of the answer is used. */
const errorAnswer = z.object({ __type: z.string().check(z.regex(/^[\w.:#-]{1,128}$/)) });

/** Refused for good: retrying cannot change it. Anything else (throttling, internal errors) is an outage. */
const refusals = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
  'ForbiddenException',
]);

export interface FetchUserPoolOptions {
  /** https://cognito-idp.<region>.amazonaws.com/ (userPoolEndpoint), or the tests' fake. */
  endpoint: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export function fetchUserPool(options: FetchUserPoolOptions): UserPoolSessions {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    async globalSignOut(accessToken) {
      let response: Response;
      try {
        response = await doFetch(options.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'AWSCognitoIdentityProviderService.GlobalSignOut',
          },
          body: JSON.stringify({ AccessToken: accessToken }),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new UserPoolUnavailable(
          `The user pool could not be reached (${error instanceof Error ? error.name : 'error'})`,
        );
      }
      const text = await response.text().catch(() => '');
      if (response.ok) return;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const answer = errorAnswer.safeParse(body);
      const type = answer.success ? answer.data.__type.split('#').pop()! : undefined;
      if (response.status === 400 && type && refusals.has(type)) throw new GlobalSignOutRefused(type);
      throw new UserPoolUnavailable(`The user pool answered ${response.status}${type ? ` (${type})` : ''}`);
    },
  };
}
