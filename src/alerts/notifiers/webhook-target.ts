import dns from 'node:dns';
import net from 'node:net';
import { forbiddenAddress, type TargetPolicy } from '../../crawlers/fetch-guard.ts';
import { ForbiddenTargetError } from '../../domain/errors.ts';

/**
 * Where webhook receivers are judged: `webhooks add` refuses a target with these checks, and
 * every delivery runs them again before connecting, so what was accepted is what is sent.
 * The addresses themselves are judged by the crawler's SSRF guard (`forbiddenAddress`),
 * whose guarded lookup also checks every connection a delivery opens.
 */

/** What lets loopback and private receivers through, for messages. */
const PRIVATE_OPT_IN = '--allow-private-hosts (on `webhooks add`) or SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true';

/**
 * Why a receiver address is refused, worded for whoever can change it: addresses that no
 * setting allows (cloud metadata, multicast, reserved ranges) say so, rather than pointing
 * at an opt-in that would not help. Null when the address may receive webhooks.
 */
export function addressRefusal(address: string, policy: TargetPolicy): string | null {
  const forbidden = forbiddenAddress(address, policy);
  if (!forbidden) return null;
  if (!forbidden.allowable) return `${forbidden.reason}, refused always (no setting allows it)`;
  return `${forbidden.reason}; loopback and private receivers need ${PRIVATE_OPT_IN}`;
}

/**
 * Checks a receiver URL as far as it can be checked without DNS: an http(s) URL, without
 * user:password, whose host, when it is a literal address, may receive webhooks.
 *
 * @throws ForbiddenTargetError whose message names neither the path nor the query (both may hold a key).
 */
export function checkWebhookUrl(url: string, policy: TargetPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ForbiddenTargetError('not a valid URL: expected an http(s) URL, or mailto:address[,address] for e-mail');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ForbiddenTargetError(
      `${parsed.protocol} URLs cannot receive webhooks: expected http(s), or mailto:address[,address] for e-mail`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new ForbiddenTargetError('URLs with user:password are not sent (put the token in the path or query)');
  }
  const host = bareHost(parsed);
  if (net.isIP(host)) {
    const refusal = addressRefusal(host, policy);
    if (refusal) throw new ForbiddenTargetError(refusal);
  }
  return parsed;
}

/** Every address a host name has, as the delivery's guarded lookup asks for them. */
export type ResolveAll = (host: string) => Promise<string[]>;

const systemResolveAll: ResolveAll = async (host) => (await dns.promises.lookup(host, { all: true })).map((a) => a.address);

/**
 * Resolves the receiver's host name now and judges every address it has, as each delivery's
 * connection will: a name with any refused address is refused as a whole.
 *
 * A name that does not resolve from here is not refused: the machine adding a webhook may
 * not see the workers' DNS (split horizon, containers, an offline admin host). The warning
 * returned says so; every delivery checks the name again, and `webhooks test` tries it at once.
 *
 * @returns null when the name resolved to allowed addresses (or is a literal address), else a warning.
 * @throws ForbiddenTargetError when the name resolves to an address that may not receive webhooks.
 */
export async function checkWebhookHost(url: URL, policy: TargetPolicy, resolveAll: ResolveAll = systemResolveAll): Promise<string | null> {
  const host = bareHost(url);
  if (net.isIP(host)) return null;
  let addresses: string[];
  try {
    addresses = await resolveAll(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'no answer';
    return (
      `${host} does not resolve from here (${code}); ` +
      'it is resolved and checked again before every delivery (`webhooks test <id>` tries it now)'
    );
  }
  for (const address of addresses) {
    const refusal = addressRefusal(address, policy);
    if (refusal) throw new ForbiddenTargetError(`${host} resolves to ${address}: ${refusal}`);
  }
  return null;
}

/** The URL's host without the brackets of an IPv6 literal. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}
