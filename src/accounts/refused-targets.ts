import net from 'node:net';
import { forbiddenAddress, type TargetPolicy } from '../crawlers/fetch-guard.ts';
import { IssueList } from '../input/issue-list.ts';
import type { Account } from './account.ts';

const OPT_IN = 'private targets need --allow-private-hosts (or SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true)';

/**
 * Why an account's URL could never be fetched under `policy`, judged from the URL alone:
 * a loopback, private or link-local address written as such (or `localhost`), refused
 * without the opt-in, and a cloud metadata or other non-unicast address, refused always.
 * Null for anything else: a name that resolves to a private address is found out at fetch
 * time, where the fetch guard refuses it and the account's reason says so.
 */
export function refusedTargetReason(url: string, policy: TargetPolicy): string | null {
  let host: string;
  try {
    host = new URL(url).hostname
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '')
      .toLowerCase();
  } catch {
    return null;
  }
  if (net.isIP(host)) {
    const forbidden = forbiddenAddress(host, policy);
    if (!forbidden) return null;
    return forbidden.allowable ? `${forbidden.reason}; ${OPT_IN}` : `${forbidden.reason}, refused always (even with --allow-private-hosts)`;
  }
  // RFC 6761: localhost and its subdomains are loopback wherever they are looked up.
  if (!policy.allowPrivateHosts && (host === 'localhost' || host.endsWith('.localhost'))) return `${host} is a loopback name; ${OPT_IN}`;
  return null;
}

/**
 * Refuses a register in which any account could never be fetched, naming each such row,
 * before anything is fetched or stored: a check would only report them unknown, and an
 * import would keep accounts that no look can ever reach.
 */
export function assertTargetsAllowed(accounts: readonly Account[], policy: TargetPolicy, label: string, outcome: string): void {
  const issues = new IssueList();
  for (const account of accounts) {
    const reason = refusedTargetReason(account.url, policy);
    if (reason) issues.add({ line: account.source?.line, field: 'url', message: reason });
  }
  issues.throwIfAny(label, `; ${outcome}`);
}
