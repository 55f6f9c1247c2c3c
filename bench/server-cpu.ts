/**
 * CPU time spent by the servers a sweep talks to. On the postgres-redis set-up the store's
 * and the queue's work runs in other processes, so the sweep process's own CPU time leaves
 * it out. Both figures are server-wide: anything else using these servers meanwhile counts too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux everywhere in practice). */
const TICKS_PER_SEC = 100;

interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime, ticks. */
  own: number;
  /** cutime + cstime: children that have exited and were waited for, ticks. */
  children: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may hold spaces or parentheses itself: split after the last ')'.
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    const n = (i: number) => Number(fields[i]);
    return { pid, comm: text.slice(text.indexOf('(') + 1, close), ppid: n(1), own: n(11) + n(12), children: n(13) + n(14) };
  } catch {
    return undefined;
  }
}

/** CPU ms a live process has used so far (0 once it is gone). */
export function ownCpuMs(pid: number | undefined): number {
  const stat = pid === undefined ? undefined : readStat(pid);
  return stat ? (stat.own * 1000) / TICKS_PER_SEC : 0;
}

/**
 * CPU ms used so far by the local PostgreSQL cluster(s): each postmaster's own time and that of
 * its exited backends (which it reaps), plus its live children. Differences of two readings are
 * the cluster's CPU in between. Undefined when no postmaster is visible (a remote server).
 */
export function postgresCpuMs(): number | undefined {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is ProcStat => s !== undefined && (s.comm === 'postgres' || s.comm.startsWith('postgres:')));
  const pids = new Set(stats.map((s) => s.pid));
  const postmasters = stats.filter((s) => !pids.has(s.ppid));
  if (postmasters.length === 0) return undefined;
  const masterPids = new Set(postmasters.map((s) => s.pid));
  let ticks = 0;
  for (const s of stats) ticks += masterPids.has(s.pid) ? s.own + s.children : s.own;
  return (ticks * 1000) / TICKS_PER_SEC;
}

/** CPU ms used so far by the Redis server (main process, user + system). */
export async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return (infoNumber(info, 'used_cpu_user') + infoNumber(info, 'used_cpu_sys')) * 1000;
}

/** One numeric field of a Redis INFO answer ("name:value" lines); NaN when absent. */
export function infoNumber(info: string, name: string): number {
  return Number(new RegExp(`^${name}:(\\S+)\\r?$`, 'm').exec(info)?.[1] ?? NaN);
}
