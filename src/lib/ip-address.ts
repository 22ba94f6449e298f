import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a network address is throttled by: an IPv4 address as it is, an IPv6 address by its /64
 * prefix (one household or office is given a whole /64, so its addresses are one sender), and an
 * IPv4-mapped IPv6 address (::ffff:192.0.2.1) as the IPv4 address it maps. Null for anything else.
 */
export function addressKey(ip: string | null | undefined): string | null {
  if (!ip) return null;
  if (isIPv4(ip)) return ip;
  const bare = ip.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) names an interface, not a sender
  if (!isIPv6(bare)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  const groups = expandIPv6(bare);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case without leading zeros. */
function expandIPv6(ip: string): string[] {
  let text = ip.toLowerCase();
  // A trailing dotted IPv4 part is two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => parseInt(g, 16).toString(16));
}
