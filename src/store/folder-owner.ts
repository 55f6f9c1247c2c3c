import { readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { SleepwatchError } from '../domain/errors.ts';
import { processIsGone, thisProcess, type ProcessIdentity } from '../domain/process-identity.ts';

/** Where the process that owns an embedded database says who it is and where its socket is. */
const RECORD_FILE = 'socket.json';

/** The short lock under which a process claims the folder or takes it over (`claim.lock`). */
const CLAIM_GATE = 'claim';

/** Who owns a folder: enough to tell, on this machine, whether that process still runs. */
export interface OwnerRecord extends ProcessIdentity {
  /** postgres:// URL of its socket, once it serves one. */
  connectionString: string | null;
}

export type FolderClaim =
  | {
      kind: 'owner';
      /** The owner whose folder this was, when it died holding it. */
      tookOverFrom: OwnerRecord | null;
      /** Tells other processes where to connect. */
      announce(connectionString: string): Promise<void>;
      /** Tells them no more (before the socket closes). */
      withdraw(): Promise<void>;
      /** Gives the folder up. */
      release(): Promise<void>;
    }
  | { kind: 'attached'; connectionString: string };

export interface ClaimOptions {
  /** How long to wait for a live owner that is still starting to serve its socket. @defaultValue 30 000 */
  waitMs?: number;
}

/**
 * Claims an embedded database's folder, or finds the process that owns it. PGlite has no
 * locking of its own: two processes on one folder would corrupt it, so one owns it and the
 * others (`import` or `recrawl` while `serve` runs) connect to its loopback socket.
 *
 * The owner holds a lock (proper-lockfile, on `<folder>.lock`) and records who it is. An owner
 * that died (killed, crashed, its machine restarted) is recognised at once on this machine —
 * its pid is gone, or taken by a later process — and its folder taken over; proper-lockfile's
 * own staleness (a minute without the owner refreshing its lock) is left for owners that cannot
 * be checked, on another machine sharing the folder. Every claim and takeover happens under a
 * second, short lock, so that a lock is only ever acquired together with its record: two
 * processes taking over at once cannot both win, nor take a folder from an owner that has just
 * claimed it and not yet said so.
 */
export async function claimFolder(dataDir: string, opts: ClaimOptions = {}): Promise<FolderClaim> {
  const deadline = Date.now() + (opts.waitMs ?? 30_000);
  for (;;) {
    const found = await underClaimGate(dataDir, async () => {
      const unlock = await lockFolder(dataDir);
      if (unlock) return ownerClaim(dataDir, unlock, null);
      const owner = await readOwner(dataDir);
      if (!owner || !processIsGone(owner)) return owner;
      // Under the gate nobody else locks the folder: removed and locked again, it is ours alone.
      await rm(`${await realpath(dataDir)}.lock`, { recursive: true, force: true });
      const retaken = await lockFolder(dataDir);
      return retaken ? ownerClaim(dataDir, retaken, owner) : undefined;
    });
    if (found && 'kind' in found) return found;
    if (found?.connectionString) return { kind: 'attached', connectionString: found.connectionString };
    // A live owner still starting (or stopping), or one that left no record: look again shortly.
    if (Date.now() > deadline) {
      const pid = found ? ` (pid ${found.pid})` : '';
      throw new SleepwatchError(
        `the embedded database in ${dataDir} is in use by another sleepwatch process${pid} that serves no socket; ` +
          'stop it, or share a PostgreSQL server through DATABASE_URL',
      );
    }
    await sleep(200);
  }
}

/**
 * The folder's own lock. Refreshed from a timer, which a busy event loop delays: a short `stale`
 * once let a second process take the folder from a healthy owner whose PGlite was starting on
 * the same thread, opening it twice and crashing the owner (ECOMPROMISED). Dead owners are
 * found by their pid instead, so the stale time can stay long.
 */
function lockFolder(dataDir: string): Promise<(() => Promise<void>) | undefined> {
  return lockfile.lock(dataDir, { stale: 60_000, update: 5_000 }).catch(() => undefined);
}

async function underClaimGate<T>(dataDir: string, body: () => Promise<T>): Promise<T> {
  // Held for a few file operations; one left by a process killed inside it is stale after 5 s.
  const release = await lockfile
    .lock(path.join(dataDir, CLAIM_GATE), {
      realpath: false,
      stale: 5_000,
      retries: { retries: 200, minTimeout: 10, maxTimeout: 100 },
      onCompromised: () => undefined,
    })
    .catch((err: Error) => {
      throw new SleepwatchError(`cannot claim the embedded database in ${dataDir}: ${err.message}`, { cause: err });
    });
  try {
    return await body();
  } finally {
    await release().catch(() => undefined);
  }
}

async function ownerClaim(dataDir: string, unlock: () => Promise<void>, tookOverFrom: OwnerRecord | null): Promise<FolderClaim> {
  const me: OwnerRecord = { ...thisProcess(), connectionString: null };
  await writeOwner(dataDir, me);
  return {
    kind: 'owner',
    tookOverFrom,
    announce: (connectionString) => writeOwner(dataDir, { ...me, connectionString }),
    withdraw: () => rm(path.join(dataDir, RECORD_FILE), { force: true }),
    release: unlock,
  };
}

/** Written whole or not at all: a reader never sees half a record. */
async function writeOwner(dataDir: string, record: OwnerRecord): Promise<void> {
  const file = path.join(dataDir, RECORD_FILE);
  const draft = `${file}.${process.pid}.tmp`;
  await writeFile(draft, JSON.stringify(record));
  await rename(draft, file);
}

async function readOwner(dataDir: string): Promise<OwnerRecord | undefined> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(path.join(dataDir, RECORD_FILE), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof raw.pid !== 'number') return undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { pid: raw.pid, startTime: text(raw.startTime), host: text(raw.host), connectionString: text(raw.connectionString) };
}
