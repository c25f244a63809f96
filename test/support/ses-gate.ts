/**
 * An SES endpoint on loopback in front of the SES emulator, for outage tests: it passes requests
 * through, or refuses them as SES does when it is unavailable (503), or rejects a message for good
 * (400 MessageRejected), or refuses everything as a paused account does (400 SendingPausedException),
 * for everyone or for chosen recipients; it can also hold every answer back
 * a while, to widen a race. It counts what it was asked, by recipient.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export type GateMode = 'pass' | 'unavailable' | 'reject' | 'paused';

export interface SesGate {
  url: string;
  /** How the gate answers sends to `recipient` (all when omitted); the most specific rule wins. */
  set(mode: GateMode, recipient?: string): void;
  /** Milliseconds every answer waits before it is given. */
  delayMs: number;
  /** Send requests seen for `recipient` (all when omitted), whatever the answer. */
  requests(recipient?: string): number;
  stop(): Promise<void>;
}

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => done(Buffer.concat(chunks)));
    request.on('error', fail);
  });

export async function startSesGate(emulatorUrl: string): Promise<SesGate> {
  let everyone: GateMode = 'pass';
  const byRecipient = new Map<string, GateMode>();
  const seen: string[][] = [];

  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const isSend = request.method === 'POST' && (request.url ?? '').includes('/outbound-emails');
      const recipients = isSend
        ? ((JSON.parse(body.toString('utf8')) as { Destination?: { ToAddresses?: string[] } }).Destination
            ?.ToAddresses ?? [])
        : [];
      if (isSend) seen.push(recipients.map((r) => r.toLowerCase()));
      const mode = recipients.map((r) => byRecipient.get(r.toLowerCase())).find((m) => m !== undefined) ?? everyone;
      if (gate.delayMs > 0) await new Promise((r) => setTimeout(r, gate.delayMs));

      if (isSend && mode === 'unavailable') {
        response.writeHead(503, { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailable' });
        response.end(JSON.stringify({ message: 'Service Unavailable' }));
        return;
      }
      if (isSend && mode === 'reject') {
        response.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' });
        response.end(JSON.stringify({ message: 'Email address is not verified.' }));
        return;
      }
      if (isSend && mode === 'paused') {
        response.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'SendingPausedException' });
        response.end(JSON.stringify({ message: 'Sending is paused for this account.' }));
        return;
      }
      const upstream = await fetch(new URL(request.url ?? '/', emulatorUrl), {
        method: request.method ?? 'GET',
        headers: Object.fromEntries(
          Object.entries(request.headers).filter(
            (e): e is [string, string] =>
              typeof e[1] === 'string' && !['host', 'content-length', 'connection'].includes(e[0]),
          ),
        ),
        ...(body.length ? { body } : {}),
      });
      response.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
      });
      response.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const gate: SesGate = {
    url: `http://127.0.0.1:${port}`,
    delayMs: 0,
    set(mode, recipient) {
      if (recipient === undefined) everyone = mode;
      else byRecipient.set(recipient.toLowerCase(), mode);
    },
    requests: (recipient) =>
      recipient === undefined ? seen.length : seen.filter((to) => to.includes(recipient.toLowerCase())).length,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  return gate;
}
