import { readdir, readFile, readlink } from 'node:fs/promises';

/** A TCP socket in the LISTEN state, as the kernel reports it. */
export interface Listener {
  pid: number;
  /** "127.0.0.1", "::", "::ffff:127.0.0.1", … */
  address: string;
  port: number;
}

/**
 * Every TCP listener held by the process `rootPid` and its descendants (Chromium's children
 * included), read from /proc: the process's socket inodes, matched against the kernel's
 * TCP tables. This is what another machine could connect to, whatever the code meant to do.
 */
export async function listeningSockets(rootPid: number): Promise<Listener[]> {
  const pids = await processTree(rootPid);
  const owner = new Map<string, number>();
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) owner.set(inode, pid);
    }
  }
  const listeners: Listener[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      // local_address rem_address st … inode (10th column)
      const [local, , state] = [cols[1], cols[2], cols[3]];
      const inode = cols[9];
      if (!local || state !== '0A' || !inode) continue;
      const pid = owner.get(inode);
      if (pid === undefined) continue;
      const [hexAddress, hexPort] = local.split(':') as [string, string];
      listeners.push({ pid, address: decodeAddress(hexAddress), port: parseInt(hexPort, 16) });
    }
  }
  return listeners;
}

/** Whether only this machine can reach the address. */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address);
}

async function processTree(rootPid: number): Promise<number[]> {
  const parentOf = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The command name may hold spaces and parentheses: the fields start after its last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isFinite(ppid)) parentOf.set(Number(entry), ppid);
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** /proc/net/tcp{,6} addresses: hex, in host (little-endian) byte order per 32-bit word. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') return `::ffff:${bytes.slice(12).join('.')}`;
  return compressIpv6(groups);
}

function compressIpv6(groups: string[]): string {
  const text = groups.join(':');
  const runs = text.match(/(?:^|:)0(?::0)+(?::|$)/g) ?? [];
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return longest ? text.replace(longest, '::') : text;
}
