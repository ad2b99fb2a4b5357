import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { RunMode } from '../../config/schema.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A list of networks of one family (address, prefix length) that Node can match addresses against. */
function blockList(family: 'ipv4' | 'ipv6', networks: readonly (readonly [string, number])[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of networks) list.addSubnet(network, prefix, family);
  return list;
}

/**
 * Addresses that are not the public Internet: this machine, private and shared networks,
 * link-local (cloud metadata services live at 169.254.169.254), documentation, multicast and
 * reserved ranges, and their IPv6 forms (IPv4-mapped and NAT64 addresses included). Two lists:
 * Node checks IPv4 addresses against IPv4-mapped IPv6 ranges too, so one list would block them all.
 */
const NOT_PUBLIC_V4 = blockList('ipv4', [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
]);
const NOT_PUBLIC_V6 = blockList('ipv6', [
  ['::', 127],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
]);

/** True for an address of the public Internet. */
function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !NOT_PUBLIC_V4.check(address, 'ipv4') : !NOT_PUBLIC_V6.check(address, 'ipv6');
}

/**
 * An endpoint e-carnet will call, or send a browser to, on a platform's word (dynamic
 * registration, key sets, token and membership services). Never with credentials in the URL. In
 * production: HTTPS, to a host whose every address is public (resolved now), so that a
 * registration link cannot make e-carnet reach this machine or its private network. Outside
 * production: HTTPS anywhere, or plain HTTP on this machine (a local platform in tests and demos).
 *
 * The address is checked when the URL is, not when the connection is made: a host that changes
 * its DNS answer in between is not caught here (the outbound firewall of a production deployment
 * remains the real barrier; see the README).
 */
export async function isAcceptablePlatformUrl(value: string, mode: RunMode): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (mode !== 'production') {
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) return isPublicAddress(host);
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    return addresses.length > 0 && addresses.every((entry) => isPublicAddress(entry.address));
  } catch {
    return false;
  }
}
