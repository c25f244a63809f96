/**
 * A calendar server on loopback that tests start and stop: it serves iCalendar files the way
 * Google or iCloud would, and misbehaves on request (hangs, grows without end, redirects inward).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface CalendarServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Requests seen, by path, with their Host header: what reached the server. */
  requests: { path: string; host: string | undefined }[];
  serve(path: string, text: string | (() => string), options?: { gzip?: boolean }): void;
  redirect(path: string, location: string, status?: number): void;
  /** Accepts the connection and never answers. */
  hang(path: string): void;
  /** Sends headers and a little, then nothing more. */
  stall(path: string): void;
  /** A body that never ends. */
  endless(path: string): void;
  status(path: string, code: number): void;
  route(path: string, route: Route): void;
  stop(): Promise<void>;
}

export async function startCalendarServer(): Promise<CalendarServer> {
  const routes = new Map<string, Route>();
  const requests: CalendarServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, host: req.headers.host });
    const route = routes.get(path);
    if (route) route(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    serve(path, text, options = {}) {
      routes.set(path, (req, res) => {
        const body = typeof text === 'function' ? text() : text;
        const gzip = options.gzip && /gzip/.test(String(req.headers['accept-encoding']));
        res.writeHead(200, {
          'content-type': 'text/calendar; charset=utf-8',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(gzip ? gzipSync(body) : body);
      });
    },
    redirect(path, location, status = 302) {
      routes.set(path, (_req, res) => {
        res.writeHead(status, { location });
        res.end();
      });
    },
    hang(path) {
      routes.set(path, () => undefined);
    },
    stall(path) {
      routes.set(path, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.write('BEGIN:VCALENDAR\r\n');
      });
    },
    endless(path) {
      routes.set(path, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        const line = `${'X-PADDING:'.padEnd(70, 'x')}\r\n`.repeat(1000);
        const more = () => {
          while (res.write(line)) if (res.destroyed) return;
          res.once('drain', more);
        };
        res.write('BEGIN:VCALENDAR\r\n');
        more();
      });
    },
    status(path, code) {
      routes.set(path, (_req, res) => {
        res.writeHead(code);
        res.end();
      });
    },
    route(path, route) {
      routes.set(path, route);
    },
    stop: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
