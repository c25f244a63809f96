/**
 * The calendar fetch against a loopback server these tests start: what it refuses (before and after
 * name resolution, on every redirect), and how it stops a server that hangs or a feed that never ends.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCalendar, type CalendarFetchOptions } from '#shared/calendars/calendar-fetch.js';
import { CalendarProblem } from '#shared/calendars/calendar-problem.js';
import { classifyAddress } from '#shared/calendars/public-address.js';
import { startCalendarServer, type CalendarServer } from '#test/support/calendar-server.js';
import { calendar, event } from './ics-samples.js';

let server: CalendarServer;
beforeAll(async () => {
  server = await startCalendarServer();
});
afterAll(() => server.stop());

const sample = calendar(event({ uid: 'a', start: '20260710T090000Z', end: '20260710T100000Z' }));
const local: CalendarFetchOptions = { allowLoopback: true, timeoutMs: 2000 };
const inAws: CalendarFetchOptions = { allowLoopback: false, timeoutMs: 2000 };

async function problem(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CalendarProblem) return error.httpStatus ? `${error.code} ${error.httpStatus}` : error.code;
    throw error;
  }
  return 'fetched';
}

describe('which addresses are public', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'refused'],
    ['172.16.0.1', 'refused'],
    ['172.31.255.255', 'refused'],
    ['192.168.0.10', 'refused'],
    ['169.254.169.254', 'refused'],
    ['100.64.0.1', 'refused'],
    ['0.0.0.0', 'refused'],
    ['224.0.0.1', 'refused'],
    ['255.255.255.255', 'refused'],
    ['::', 'refused'],
    ['fe80::1', 'refused'],
    ['fd00::1', 'refused'],
    ['ff02::1', 'refused'],
    ['::ffff:169.254.169.254', 'refused'],
    ['0:0:0:0:0:ffff:a00:1', 'refused'],
    ['64:ff9b::a00:1', 'refused'],
    ['2002:a00:1::', 'refused'],
    // IPv4-compatible (deprecated ::/96), whichever IPv4 it carries: never public, never loopback.
    ['::a9fe:a9fe', 'refused'],
    ['::169.254.169.254', 'refused'],
    ['::7f00:1', 'refused'],
    ['::a00:1', 'refused'],
    ['::5db8:d822', 'refused'],
    ['0:0:0:0:0:0:7f00:1', 'refused'],
    ['not an address', 'refused'],
  ])('%s is %s', (address, verdict) => {
    expect(classifyAddress(address)).toBe(verdict);
  });
});

describe('fetching a calendar', () => {
  it('reads a calendar from the address, decompressing it when the server compresses', async () => {
    server.serve('/plain.ics', sample);
    server.serve('/packed.ics', sample, { gzip: true });
    expect(await fetchCalendar(`${server.url}/plain.ics`, local)).toBe(sample);
    expect(await fetchCalendar(`${server.url}/packed.ics`, local)).toBe(sample);
  });

  it('connects to the address it checked, and sends the name it was given', async () => {
    server.serve('/named.ics', sample);
    const resolved: string[] = [];
    const resolve = async (name: string) => {
      resolved.push(name);
      return [{ address: '127.0.0.1', family: 4 as const }];
    };
    expect(await fetchCalendar(`http://calendar.test:${server.port}/named.ics`, { ...local, resolve })).toBe(sample);
    expect(resolved).toEqual(['calendar.test']);
    expect(server.requests.at(-1)).toEqual({ path: '/named.ics', host: `calendar.test:${server.port}` });
  });

  it('follows a redirect to another public place, and says so when there are too many', async () => {
    server.serve('/moved-here.ics', sample);
    server.redirect('/old.ics', '/moved-here.ics', 301);
    expect(await fetchCalendar(`${server.url}/old.ics`, local)).toBe(sample);
    for (let i = 0; i < 5; i++) server.redirect(`/loop${i}.ics`, `/loop${i + 1}.ics`);
    expect(await problem(fetchCalendar(`${server.url}/loop0.ics`, local))).toBe('too-many-redirects');
  });

  it('names the status a server refused with', async () => {
    server.status('/gone.ics', 404);
    server.status('/broken.ics', 500);
    expect(await problem(fetchCalendar(`${server.url}/gone.ics`, local))).toBe('http-error 404');
    expect(await problem(fetchCalendar(`${server.url}/broken.ics`, local))).toBe('http-error 500');
  });
});

describe('what a calendar fetch refuses', () => {
  it('in AWS: plain http, and loopback however it is named', async () => {
    server.serve('/cal.ics', sample);
    expect(await problem(fetchCalendar(`${server.url}/cal.ics`, inAws))).toBe('not-https');
    expect(await problem(fetchCalendar(`https://127.0.0.1:${server.port}/cal.ics`, inAws))).toBe('address-not-allowed');
    expect(await problem(fetchCalendar(`https://[::1]:${server.port}/cal.ics`, inAws))).toBe('address-not-allowed');
    // "localhost" is only a name: what it resolves to is checked.
    expect(await problem(fetchCalendar(`https://localhost:${server.port}/cal.ics`, inAws))).toBe('address-not-allowed');
    expect(server.requests.filter((r) => r.path === '/cal.ics')).toEqual([]);
  });

  it('private, link-local and metadata addresses, literal or behind a name, even where loopback is allowed', async () => {
    const resolvesTo =
      (address: string, family: 4 | 6 = 4) =>
      async () => [{ address, family }];
    expect(await problem(fetchCalendar('https://10.0.0.8/cal.ics', local))).toBe('address-not-allowed');
    expect(await problem(fetchCalendar('https://[::ffff:169.254.169.254]/latest/meta-data', local))).toBe(
      'address-not-allowed',
    );
    expect(
      await problem(
        fetchCalendar('https://calendar.test/cal.ics', { ...local, resolve: resolvesTo('169.254.169.254') }),
      ),
    ).toBe('address-not-allowed');
    expect(
      await problem(fetchCalendar('https://calendar.test/cal.ics', { ...local, resolve: resolvesTo('fd12::1', 6) })),
    ).toBe('address-not-allowed');
    // IPv4-compatible IPv6 is not loopback, even where loopback is allowed: the metadata service and 127.0.0.1 inside ::/96.
    expect(
      await problem(
        fetchCalendar('https://calendar.test/cal.ics', { ...local, resolve: resolvesTo('::a9fe:a9fe', 6) }),
      ),
    ).toBe('address-not-allowed');
    expect(
      await problem(fetchCalendar('https://calendar.test/cal.ics', { ...local, resolve: resolvesTo('::7f00:1', 6) })),
    ).toBe('address-not-allowed');
    expect(await problem(fetchCalendar(`https://[::7f00:1]:${server.port}/cal.ics`, local))).toBe(
      'address-not-allowed',
    );
    // One private answer among public ones refuses the name: the connection could go to any of them.
    const mixed = async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '192.168.1.20', family: 4 as const },
    ];
    expect(await problem(fetchCalendar('https://calendar.test/cal.ics', { ...local, resolve: mixed }))).toBe(
      'address-not-allowed',
    );
    // http is for loopback only, even locally.
    expect(
      await problem(fetchCalendar('http://calendar.test/cal.ics', { ...local, resolve: resolvesTo('93.184.216.34') })),
    ).toBe('not-https');
  });

  it('a redirect to a private address, by address or by name', async () => {
    server.redirect('/to-metadata.ics', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/');
    server.redirect('/to-lan.ics', 'https://printer.internal/calendar.ics');
    server.redirect('/to-ftp.ics', 'ftp://example.org/calendar.ics');
    const resolve = async (name: string) => [
      { address: name === 'printer.internal' ? '192.168.1.50' : '127.0.0.1', family: 4 as const },
    ];
    expect(await problem(fetchCalendar(`${server.url}/to-metadata.ics`, local))).toBe('address-not-allowed');
    expect(await problem(fetchCalendar(`${server.url}/to-lan.ics`, { ...local, resolve }))).toBe('address-not-allowed');
    expect(await problem(fetchCalendar(`${server.url}/to-ftp.ics`, local))).toBe('not-https');
  });

  it('an address with a user name and password in it, and a host that does not resolve', async () => {
    expect(await problem(fetchCalendar(`http://me:secret@127.0.0.1:${server.port}/cal.ics`, local))).toBe(
      'address-not-allowed',
    );
    const nowhere = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await problem(fetchCalendar('https://no-such-host.test/cal.ics', { ...local, resolve: nowhere }))).toBe(
      'host-not-found',
    );
  });
});

describe('a calendar server that misbehaves', () => {
  it('one that accepts and never answers is cut off at the deadline', async () => {
    server.hang('/hang.ics');
    const started = performance.now();
    expect(await problem(fetchCalendar(`${server.url}/hang.ics`, { ...local, timeoutMs: 400 }))).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('one that starts a calendar and then stops sending is cut off too', async () => {
    server.stall('/stall.ics');
    const started = performance.now();
    expect(await problem(fetchCalendar(`${server.url}/stall.ics`, { ...local, timeoutMs: 400 }))).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('a feed that grows past the limit is stopped there, declared, streamed or compressed', async () => {
    server.endless('/endless.ics');
    expect(await problem(fetchCalendar(`${server.url}/endless.ics`, { ...local, maxBytes: 256 * 1024 }))).toBe(
      'too-large',
    );
    server.route('/declared.ics', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': String(10 * 1024 * 1024) });
      res.write('BEGIN:VCALENDAR\r\n');
    });
    expect(await problem(fetchCalendar(`${server.url}/declared.ics`, { ...local, maxBytes: 256 * 1024 }))).toBe(
      'too-large',
    );
    // 8 KB on the wire, 8 MB unpacked.
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 'A'));
    server.route('/bomb.ics', (_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/calendar',
        'content-encoding': 'gzip',
        'content-length': String(bomb.length),
      });
      res.end(bomb);
    });
    expect(await problem(fetchCalendar(`${server.url}/bomb.ics`, { ...local, maxBytes: 256 * 1024 }))).toBe(
      'too-large',
    );
  });
});
