/**
 * Stateful: the therapists' accounts. A user pool cannot be restored from a backup and its users'
 * passwords and MFA devices cannot be exported, so replacing it locks every therapist out. It lives
 * apart from the stateless API stack (whose changes must never touch it) and apart from the data
 * stack, because several user-pool properties force replacement when changed: keeping it in its own
 * stack means a change here is reviewed as an identity change and can never ride along with a table
 * change, and the table's stack never waits on Cognito.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { invitation, verification } from './identity-messages.js';

export interface IdentityStackProps extends StackProps {
  readonly config: StageConfig;
}

export class IdentityStack extends Stack {
  readonly userPool: UserPool;
  /** The therapists' app: a public client (no secret), whose id is the JWT authorizer's audience. */
  readonly userPoolClient: UserPoolClient;
  /**
   * Where therapists sign in to the console: Cognito's managed login at
   * https://<cognitoDomainPrefix>.auth.<region>.amazoncognito.com. The console's own app client lives
   * in the API stack, because its callback is the API's URL.
   */
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { config } = props;

    const temporaryPasswordDays = 3;
    this.userPool = new UserPool(this, 'Therapists', {
      userPoolName: `threshold-${config.stage}-therapists`,
      // Therapists are onboarded by the practice (AdminCreateUser), never self-registered.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Accounts open every client's enquiry: a stolen password alone must not be enough.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(temporaryPasswordDays),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Sent by Cognito's own sender unless the pool is given SES (docs/operations.md). The console's
      // address is known here only with a custom domain: the API's own URL comes from another stack.
      userInvitation: invitation({
        consoleUrl: config.customDomain ? `https://${config.customDomain.domainName}/console` : undefined,
        temporaryPasswordDays,
      }),
      userVerification: verification(),
      // Plus tier for threat protection (compromised-credential checks, adaptive authentication),
      // enforced. Priced per monthly active user, and the users are a practice's therapists.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: config.retainData,
      removalPolicy: config.removalPolicy,
    });

    this.userPoolClient = this.userPool.addClient('TherapistApp', {
      userPoolClientName: `threshold-${config.stage}-therapist-app`,
      generateSecret: false,
      // SRP only: the password never leaves the browser; no USER_PASSWORD_AUTH, no admin flows from clients.
      authFlows: { userSrp: true },
      // This client never uses the hosted pages (the console has a client of its own): without this,
      // CDK would switch on the implicit flow, every scope and an example.com callback.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
    });

    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: config.cognitoDomainPrefix },
      // Managed login (the newer pages, with passkey and MFA screens); the classic hosted UI is legacy.
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    new CfnOutput(this, 'UserPoolId', {
      value: this.userPool.userPoolId,
      description: "The therapists' user pool (AdminCreateUser adds a therapist)",
    });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.userPoolClient.userPoolClientId,
      description: 'The therapist app client (SRP sign-in from an app)',
    });
    new CfnOutput(this, 'CognitoDomainUrl', {
      value: this.domain.baseUrl(),
      description: "Cognito's managed sign-in pages for the console",
    });
  }
}
