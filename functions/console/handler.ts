/**
 * The console Lambda: the therapist's pages, signed in through Cognito managed login. Its function
 * gets USER_POOL_ID, CONSOLE_CLIENT_ID, COGNITO_DOMAIN_URL and PUBLIC_BASE_URL from the CDK stack;
 * the local stack runs the same console over a local sign-in instead (infra/local/console.ts).
 */
import { createConsoleHandler } from './console-handler.js';
import { consolePages } from './pages/index.js';
import { cognitoConfigFromEnv, cognitoSignIn } from './sign-in/cognito.js';
import { fetchTokenEndpoint } from './sign-in/token-endpoint.js';
import { fetchUserPool, userPoolEndpoint } from './sign-in/user-pool.js';

export const handler = createConsoleHandler({
  pages: consolePages,
  signIn: () => {
    const config = cognitoConfigFromEnv();
    return cognitoSignIn(config, {
      tokens: fetchTokenEndpoint({ domainUrl: config.domainUrl, clientId: config.clientId }),
      userPool: fetchUserPool({ endpoint: userPoolEndpoint(config.userPoolId) }),
    });
  },
});
