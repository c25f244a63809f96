/**
 * Which network addresses a calendar may be fetched from: public unicast only. Private, loopback,
 * link-local (169.254.169.254 is the instance metadata service), shared, multicast, reserved and
 * documentation ranges are refused, and so are IPv6 forms that carry an IPv4 address inside them
 * (mapped addresses are read as the IPv4 they hold; the deprecated IPv4-compatible ::/96, NAT64, 6to4
 * and Teredo are refused whole).
 * Loopback alone can be let through, for the local stack and the tests' calendar server.
 */
import { BlockList, isIP } from 'node:net';

const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  // Unspecified (::) and the deprecated IPv4-compatible addresses (::a9fe:a9fe is 169.254.169.254, ::7f00:1 is
  // 127.0.0.1): a stack that still routes them reaches the IPv4 inside. ::1 is in it too, and is classed as
  // loopback before this list is asked.
  ['::', 96],
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  refused.addSubnet(network, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 address, whichever way it is written. */
function mappedIpv4(address: string): string | undefined {
  // The URL parser writes every IPv6 address one canonical way: ::ffff:10.0.0.1 becomes [::ffff:a00:1].
  const canonical = new URL(`http://[${address}]/`).hostname;
  const hex = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(canonical);
  if (!hex) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export type AddressVerdict = 'public' | 'loopback' | 'refused';

export function classifyAddress(address: string): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = isIP(bare) === 6 ? mappedIpv4(bare) : undefined;
  const ip = v4 ?? bare;
  const family = isIP(ip) === 4 ? 'ipv4' : isIP(ip) === 6 ? 'ipv6' : undefined;
  if (!family) return 'refused';
  if (loopback.check(ip, family)) return 'loopback';
  return refused.check(ip, family) ? 'refused' : 'public';
}
