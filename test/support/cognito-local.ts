/**
 * cognito-local (the npm Cognito API emulator) on a free loopback port, its data in a folder of the
 * caller's: the emulator keeps its user pools under `<cwd>/.cognito`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { freePort, type RunningService } from '#infra/local/emulators.js';

const require = createRequire(import.meta.url);
const startScript = join(dirname(require.resolve('cognito-local/package.json')), 'lib/bin/start.js');

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startCognitoLocal(dataDir: string): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, [startScript], {
    cwd: dataDir,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const client = new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'eu-west-2',
    credentials: localCredentials,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited with code ${child.exitCode}:\n${output}`);
    try {
      await client.send(new ListUserPoolsCommand({ MaxResults: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`cognito-local did not start on port ${port}:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
