import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { ForbiddenTargetError } from '../domain/errors.ts';

/**
 * The crawler fetches URLs that users type in, so it must not become a way into the
 * operator's own network (SSRF). Every connection is checked after DNS resolution, so a
 * public name that resolves to a private address, or a redirect to one, is refused too.
 */
export interface TargetPolicy {
  /** Allow loopback, private and link-local targets (tests, the demo, intranet pages). */
  allowPrivateHosts: boolean;
}

/** Cloud metadata endpoints: refused even when private hosts are allowed. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);

/** Why an address may not be fetched, or null when it is a public unicast address. */
export function forbiddenAddressReason(address: string, policy: TargetPolicy): string | null {
  return forbiddenAddress(address, policy)?.reason ?? null;
}

/**
 * Why an address may not be fetched, and whether `--allow-private-hosts` would allow it (so a
 * message never suggests the opt-in for an address it cannot open), or null when it may be.
 */
export function forbiddenAddress(address: string, policy: TargetPolicy): { reason: string; allowable: boolean } | null {
  if (!ipaddr.isValid(address)) return { reason: `"${address}" is not an IP address`, allowable: false };
  const parsed = ipaddr.process(address); // unwraps IPv4-mapped IPv6 (::ffff:10.0.0.1)
  const normalized = parsed.toString();
  if (METADATA_ADDRESSES.has(normalized)) return { reason: `${normalized} is a cloud metadata address`, allowable: false };
  const range = parsed.range();
  if (range === 'unicast') return null;
  const allowable = PRIVATE_RANGES.has(range);
  if (policy.allowPrivateHosts && allowable) return null;
  return { reason: `${normalized} is a ${range} address`, allowable };
}

const PRIVATE_RANGES = new Set(['loopback', 'private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat', 'unspecified']);

/** Checks what can be checked before connecting: scheme, credentials, literal IPs. */
export function assertUrlAllowed(url: string | URL, policy: TargetPolicy): URL {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new ForbiddenTargetError('not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ForbiddenTargetError(`refusing ${parsed.protocol} URL: only http and https are fetched`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    const forbidden = forbiddenAddress(host, policy);
    if (forbidden) throw new ForbiddenTargetError(refusal(forbidden));
  }
  return parsed;
}

function refusal({ reason, allowable }: { reason: string; allowable: boolean }, hostname?: string): string {
  const what = hostname ? `${hostname} resolves to ${reason}` : reason;
  return `refusing to fetch: ${what}${allowable ? ' (private targets need --allow-private-hosts)' : ', refused always'}`;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A drop-in for `dns.lookup` that refuses forbidden answers. Used as the `lookup` of every
 * socket the crawler opens, so it also covers redirects and DNS rebinding between checks.
 * A name with any forbidden answer is refused as a whole: picking the public answer would
 * let an attacker race the private one.
 */
export function guardedLookup(policy: TargetPolicy) {
  return function lookup(hostname: string, options: dns.LookupOptions | number | LookupCallback, callback?: LookupCallback) {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const opts: dns.LookupOptions = typeof options === 'object' ? options : typeof options === 'number' ? { family: options } : {};
    dns.lookup(hostname, { ...opts, all: true }, (err, addresses) => {
      if (err) return cb(err, opts.all ? [] : '', undefined);
      for (const { address } of addresses) {
        const forbidden = forbiddenAddress(address, policy);
        if (forbidden) return cb(new ForbiddenTargetError(refusal(forbidden, hostname)), opts.all ? [] : '', undefined);
      }
      if (opts.all) return cb(null, addresses);
      const first = addresses[0];
      if (!first) return cb(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', undefined);
      cb(null, first.address, first.family);
    });
  };
}

/** Resolves a host once and checks every answer (used before handing a URL to the browser). */
export async function assertHostAllowed(url: URL, policy: TargetPolicy): Promise<void> {
  assertUrlAllowed(url, policy);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return;
  const addresses = await dns.promises.lookup(host, { all: true });
  for (const { address } of addresses) {
    const forbidden = forbiddenAddress(address, policy);
    if (forbidden) throw new ForbiddenTargetError(refusal(forbidden, host));
  }
}
