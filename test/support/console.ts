/**
 * Driving the console over HTTP as a browser would, without one: the local HTTP server over the real
 * handlers (the console's sign-in chosen by the test), and an agent that keeps cookies the way a
 * browser does (Max-Age=0 removes one), never follows redirects by itself, and reads the CSRF token
 * from the page's forms.
 */
import { capabilities, type Capability } from '#shared/manifest/routes.js';
import { startApiServer, type RunningApiServer } from '#infra/local/http-server.js';
import { loadHandler, type ApiHandler } from '#infra/local/stack.js';

export async function startConsoleServer(consoleHandler: ApiHandler): Promise<RunningApiServer> {
  const handlers = new Map<Capability, ApiHandler>();
  for (const capability of capabilities) {
    if (capability === 'console') continue;
    const handler = await loadHandler(capability);
    if (handler) handlers.set(capability, handler);
  }
  handlers.set('console', consoleHandler);
  return startApiServer({
    port: 0,
    handlerFor: async (capability) => handlers.get(capability),
    verify: async () => undefined,
    log: () => undefined,
  });
}

export interface Answer {
  status: number;
  location: string | undefined;
  setCookies: string[];
  headers: Headers;
  text: string;
}

export class ConsoleAgent {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  private remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/;\s*Max-Age=0(;|$)/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private async send(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      redirect: 'manual',
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    const setCookies = response.headers.getSetCookie();
    this.remember(setCookies);
    return {
      status: response.status,
      location: response.headers.get('location') ?? undefined,
      setCookies,
      headers: response.headers,
      text: await response.text(),
    };
  }

  get(path: string): Promise<Answer> {
    return this.send('GET', path);
  }

  post(path: string, form: Record<string, string> = {}): Promise<Answer> {
    return this.send('POST', path, form);
  }

  /** The session's CSRF token, as the page's forms carry it. */
  async csrf(page = '/console'): Promise<string> {
    const answer = await this.get(page);
    const token = /name="csrf" value="([^"]+)"/.exec(answer.text)?.[1];
    if (!token) throw new Error(`No CSRF token on ${page} (status ${answer.status})`);
    return token;
  }
}

/** Local sign-in as a browser does it: open the sign-in page, press the therapist's button, follow the redirect's target. */
export async function signInLocally(agent: ConsoleAgent, therapistId: string, returnTo?: string): Promise<Answer> {
  const page = await agent.get(
    returnTo ? `/console/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/console/sign-in',
  );
  const state = /name="state" value="([^"]+)"/.exec(page.text)?.[1];
  if (!state) throw new Error(`The sign-in page has no state (status ${page.status})`);
  return agent.post('/console/sign-in', { state, therapistId });
}
