import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A process named so that another process can tell later whether it still runs: its pid alone
 * may be reused, its pid with its start time is one process for good.
 */
export interface ProcessIdentity {
  pid: number;
  /** When it started (see `processStartTime`); null when unknown (no /proc, or an older record). */
  startTime: string | null;
  /** Its machine; null in records written before hosts were recorded, taken as this machine. */
  host: string | null;
}

export function thisProcess(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid), host: hostname() };
}

/** Whether the process has certainly stopped: its pid is gone, or belongs to a later process. */
export function processIsGone(identity: ProcessIdentity): boolean {
  // On another machine, a pid means nothing here.
  if (identity.host !== null && identity.host !== hostname()) return false;
  try {
    process.kill(identity.pid, 0);
  } catch (err) {
    // EPERM: the process exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const started = processStartTime(identity.pid);
  return identity.startTime !== null && started !== null && started !== identity.startTime;
}

/**
 * When a process started, in clock ticks after boot (field 22 of `/proc/<pid>/stat`). Null
 * without `/proc`.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
