/**
 * The two emails Cognito sends a therapist: the invitation (AdminCreateUser, from `npm run therapist
 * -- add`) and the code for confirming an email address or choosing a new password. They are the
 * therapist's first meeting with Threshold, so they follow docs/voice-and-privacy.md: plain, warm,
 * honest about what happens next, and a neutral subject. Cognito requires `{username}` and `{####}`
 * in the invitation and `{####}` in the code email, and sends the body as HTML.
 */
import type { UserInvitationConfig, UserVerificationConfig } from 'aws-cdk-lib/aws-cognito';
import { VerificationEmailStyle } from 'aws-cdk-lib/aws-cognito';

export interface InvitationOptions {
  /** The console's address when synth knows it (a custom domain); else the invitation says where it comes from. */
  readonly consoleUrl?: string | undefined;
  /** How long the temporary password works, in days (the pool's tempPasswordValidity). */
  readonly temporaryPasswordDays: number;
}

const paragraphs = (lines: string[]): string => lines.map((line) => `<p>${line}</p>`).join('\n');

export function invitation({ consoleUrl, temporaryPasswordDays }: InvitationOptions): UserInvitationConfig {
  const console = consoleUrl
    ? `Open the Threshold console at <a href="${consoleUrl}">${consoleUrl}</a>.`
    : 'Open the Threshold console. Whoever runs Threshold for your practice will send you its address, which ends in /console.';
  return {
    emailSubject: 'Your Threshold sign-in',
    emailBody: paragraphs([
      'Hello,',
      'You now have a Threshold account. Threshold is where people who would like to work with you send their first message. You read each message there, reply, and invite people to book a first consultation.',
      '<strong>How to sign in for the first time</strong>',
      `1. ${console}`,
      '2. Sign in with your email address, {username}, and this temporary password: {####}',
      '3. Choose your own password. It needs at least 12 characters, with capital and small letters, a number and a symbol.',
      '4. Set up an authenticator app, such as 1Password, Google Authenticator or Authy. The page shows a code for the app to scan, then asks for the six numbers the app shows. Each time you sign in after this, you give your password and a new number from the app.',
      `The temporary password works for ${temporaryPasswordDays} days. If it runs out, ask whoever runs Threshold for your practice to send you a new one.`,
      'You do not need to reply to this email.',
    ]),
  };
}

export function verification(): UserVerificationConfig {
  return {
    emailStyle: VerificationEmailStyle.CODE,
    emailSubject: 'Your Threshold code',
    emailBody: paragraphs([
      'Hello,',
      'Your Threshold code is {####}',
      'Type it on the page that asked for it. It confirms your email address, or lets you choose a new password.',
      'If you did not ask for a code, you can ignore this email. Nothing changes without it, and your authenticator app is still needed to sign in.',
    ]),
  };
}
