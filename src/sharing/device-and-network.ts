import { isIPv4, isIPv6 } from 'node:net';

/** The kinds of device the history names: enough to recognise one's own, too coarse to track anyone. */
type DeviceFamily = 'phone' | 'tablet' | 'computer' | 'other';

/** The device family of a User-Agent. */
export function deviceFamilyOf(userAgent: string | undefined): DeviceFamily {
  if (!userAgent) return 'other';
  if (/iPad|Tablet|Android(?!.*Mobile)/i.test(userAgent)) return 'tablet';
  if (/Mobile|iPhone|Android/i.test(userAgent)) return 'phone';
  if (/Windows|Macintosh|X11|Linux|CrOS/i.test(userAgent)) return 'computer';
  return 'other';
}

/**
 * The network an address belongs to, never the address itself: an IPv4 /24 or an IPv6 /48
 * ("a household's provider, this area"), which is what a family needs to tell "us" from "someone
 * else" and what the GDPR's minimisation allows keeping.
 */
export function coarseNetworkOf(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(mapped)) {
    const [a, b, c] = mapped.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (isIPv6(mapped)) {
    const groups = expandIPv6(mapped).slice(0, 3);
    return `${groups.join(':')}::/48`;
  }
  return 'unknown';
}

function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const missing = address.includes('::') ? 8 - left.length - right.length : 0;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => group.replace(/^0+(?=.)/, '').toLowerCase());
}
