import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { logger } from '../logging/logger.ts';
import { processIsGone } from '../domain/process-identity.ts';
import type { Store } from '../store/database.ts';
import type { Schema } from '../store/schema.ts';
import { forgetServiceAddress, recordServiceAddress, serviceAddress } from '../store/service-addresses-repository.ts';

/**
 * Where the HTTP server of `serve` can be reached, for commands that print its URLs
 * (`feeds add`, `feeds list`) in other processes. `serve` records its address in the store
 * when it starts listening, so every process sharing the store reads it: on the embedded
 * default and on PostgreSQL alike.
 */
const SERVICE = 'http';

const thisProcess = () => ({ hostname: os.hostname(), pid: process.pid });

/**
 * Records the address the HTTP server of this process listens on. A failure is reported and
 * does not stop `serve`: the address only makes printed URLs right.
 */
export async function recordListeningAddress(store: Store, url: string): Promise<void> {
  await recordServiceAddress(store.db, SERVICE, { url, ...thisProcess(), startedAt: new Date() }).catch((err: unknown) => {
    logger().warn(
      { event: 'address-not-recorded', error: (err as Error).message },
      `could not record the listening address in the store: ${(err as Error).message}`,
    );
  });
}

/** Removes this process's record on a graceful stop; a record left by a crash is recognised as stale (see `runningServeUrl`). */
export async function forgetListeningAddress(store: Store): Promise<void> {
  await forgetServiceAddress(store.db, SERVICE, thisProcess()).catch(() => {});
}

/**
 * The URL a running `serve` recorded, or null when none did or the one that did is gone: a
 * record made on this machine by a process that no longer exists is stale. (A record made on
 * another machine is trusted: its process cannot be checked from here.)
 */
export async function runningServeUrl(db: Kysely<Schema>): Promise<string | null> {
  const recorded = await serviceAddress(db, SERVICE);
  if (!recorded) return null;
  if (processIsGone({ pid: recorded.pid, host: recorded.hostname, startTime: null })) return null;
  return recorded.url;
}

/** The base of the URLs printed for subscribers, and a note when it is only a guess. */
export interface PublicUrl {
  url: string;
  note?: string;
}

/**
 * Where subscribers reach `serve`: SLEEPWATCH_PUBLIC_URL when set, else the address the
 * running `serve` listens on, else the port it would listen on by default, with a note
 * saying so.
 */
export async function publicUrlFor(config: Config, db: Kysely<Schema>): Promise<PublicUrl> {
  if (config.alerts.publicUrl) return { url: config.alerts.publicUrl };
  const running = await runningServeUrl(db);
  if (running) return { url: running };
  return {
    url: `http://127.0.0.1:${config.port}`,
    note:
      `serve is not running, so these URLs assume it will listen on port ${config.port} of this machine; ` +
      'set SLEEPWATCH_PUBLIC_URL to the address your feed readers use',
  };
}
