/**
 * Fetching a therapist's calendar from the address they gave: an outbound request to a URL a user
 * chose, so a server-side request forgery risk, handled in this order for every hop:
 * 1. https only (the local stack and tests may also use http to a loopback server);
 * 2. the host name is resolved here, and every address it resolves to must be public
 *    (public-address.ts): one private answer refuses the host, so a name that answers both ways
 *    cannot slip through;
 * 3. the connection goes to the address that was checked (the request's `lookup` hands back exactly
 *    that address, so nothing resolves the name a second time), with TLS verified against the name;
 * 4. redirects are followed by hand, at most three, each hop checked again from step 1.
 * One deadline covers the whole fetch (a server that accepts and then says nothing is cut off), and
 * the body stops at a size limit, counted after decompression. Errors carry a code, never the URL:
 * a calendar's address is a secret.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { CalendarProblem } from './calendar-problem.js';
import { classifyAddress } from './public-address.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface CalendarFetchOptions {
  /** Local stack and tests only: http and loopback addresses are allowed. Never in AWS. */
  allowLoopback: boolean;
  /** The whole fetch, redirects included. */
  timeoutMs?: number;
  /** Of the body after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Name resolution; the system resolver unless a test stands in for it. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export const calendarFetchDefaults = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3 } as const;

const systemResolve = async (hostname: string): Promise<ResolvedAddress[]> =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

const redirects = new Set([301, 302, 303, 307, 308]);

/** A Google secret address is shared as webcal:// by some apps: it means the same URL over https. */
export const normaliseCalendarUrl = (raw: string): string => raw.trim().replace(/^webcals?:\/\//i, 'https://');

/** The calendar's text. Throws CalendarProblem with a code for everything that can go wrong out there. */
export async function fetchCalendar(address: string, options: CalendarFetchOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? calendarFetchDefaults.timeoutMs;
  const deadline = AbortSignal.timeout(timeoutMs);
  let url: URL;
  try {
    url = new URL(normaliseCalendarUrl(address));
  } catch {
    throw new CalendarProblem('host-not-found');
  }
  const maxRedirects = options.maxRedirects ?? calendarFetchDefaults.maxRedirects;
  for (let hop = 0; ; hop++) {
    const response = await request(url, options, deadline);
    const location = response.headers.location;
    if (redirects.has(response.statusCode ?? 0) && location) {
      response.resume();
      if (hop >= maxRedirects) throw new CalendarProblem('too-many-redirects');
      try {
        url = new URL(location, url);
      } catch {
        throw new CalendarProblem('http-error', response.statusCode);
      }
      continue;
    }
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      response.resume();
      throw new CalendarProblem('http-error', status);
    }
    return readBody(response, options.maxBytes ?? calendarFetchDefaults.maxBytes, deadline);
  }
}

/** Steps 1 to 3 for one hop: the response, headers only. */
async function request(url: URL, options: CalendarFetchOptions, deadline: AbortSignal): Promise<IncomingMessage> {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowLoopback))
    throw new CalendarProblem('not-https');
  // Credentials in the address would be sent to whoever answers, and logged by proxies: not supported.
  if (url.username || url.password) throw new CalendarProblem('address-not-allowed');
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const checked = await checkedAddress(hostname, options, deadline);
  if (url.protocol === 'http:' && classifyAddress(checked.address) !== 'loopback')
    throw new CalendarProblem('not-https');

  // Hands the socket the address checked above, whatever it asks for.
  const pinned: LookupFunction = (_name, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all)
      (callback as (e: null, a: ResolvedAddress[]) => void)(null, [checked]);
    else callback(null, checked.address, checked.family);
  };
  const requestOptions: RequestOptions = {
    protocol: url.protocol,
    hostname,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers: {
      accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1',
      'accept-encoding': 'gzip, deflate',
      'user-agent': 'Threshold-calendar-sync/1',
    },
    lookup: pinned,
    // A fresh connection per hop: a pooled socket could lead to an address not checked for this hop.
    agent: false,
    signal: deadline,
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(requestOptions, resolve);
    req.on('error', (error) => reject(networkProblem(error, deadline)));
    req.end();
  });
}

async function checkedAddress(
  hostname: string,
  options: CalendarFetchOptions,
  deadline: AbortSignal,
): Promise<ResolvedAddress> {
  let addresses: ResolvedAddress[];
  const family = isIP(hostname);
  if (family !== 0) addresses = [{ address: hostname, family: family as 4 | 6 }];
  else {
    try {
      addresses = await Promise.race([(options.resolve ?? systemResolve)(hostname), aborted(deadline)]);
    } catch (error) {
      if (error instanceof CalendarProblem) throw error;
      throw new CalendarProblem('host-not-found');
    }
  }
  if (addresses.length === 0) throw new CalendarProblem('host-not-found');
  for (const { address } of addresses) {
    const verdict = classifyAddress(address);
    if (verdict === 'refused' || (verdict === 'loopback' && !options.allowLoopback))
      throw new CalendarProblem('address-not-allowed');
  }
  return addresses[0]!;
}

const aborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_resolve, reject) => {
    if (signal.aborted) reject(new CalendarProblem('timeout'));
    signal.addEventListener('abort', () => reject(new CalendarProblem('timeout')), { once: true });
  });

function networkProblem(error: unknown, deadline: AbortSignal): CalendarProblem {
  if (error instanceof CalendarProblem) return error;
  if (deadline.aborted) return new CalendarProblem('timeout');
  return new CalendarProblem('unreachable');
}

function readBody(response: IncomingMessage, maxBytes: number, deadline: AbortSignal): Promise<string> {
  const declared = Number(response.headers['content-length']);
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  if (!encoding && Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    return Promise.reject(new CalendarProblem('too-large'));
  }
  const body: Readable =
    encoding === 'gzip'
      ? response.pipe(createGunzip())
      : encoding === 'deflate'
        ? response.pipe(createInflate())
        : response;
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (problem: CalendarProblem) => {
      response.destroy();
      body.destroy();
      reject(problem);
    };
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(new CalendarProblem('too-large'));
      else chunks.push(chunk);
    });
    body.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.on('error', (error) =>
      fail(
        error instanceof CalendarProblem
          ? error
          : deadline.aborted
            ? new CalendarProblem('timeout')
            : new CalendarProblem('not-calendar'),
      ),
    );
    response.on('error', (error) => fail(networkProblem(error, deadline)));
    // The request's signal stops the socket; say why.
    deadline.addEventListener('abort', () => fail(new CalendarProblem('timeout')), { once: true });
  });
}
