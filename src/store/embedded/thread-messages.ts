import { SleepwatchError } from '../../domain/errors.ts';
import { EmbeddedDatabaseIncompatibleError, type UpstreamMismatch } from './upstream-mismatch.ts';

/** What the database's thread is started with. */
export interface ServerThreadData {
  dataDir: string;
  vacuumEveryMs: number;
}

export type ToServerThread = { type: 'stop' };
export type FromServerThread = { type: 'ready'; address: string } | { type: 'failed'; message: string; mismatch?: UpstreamMismatch };

/**
 * The thread's report of why it could not start. Errors lose their class between threads, so
 * a mismatch with the installed packages travels as data, to be thrown again as its own type.
 */
export function startFailure(err: unknown): FromServerThread {
  if (err instanceof EmbeddedDatabaseIncompatibleError) return { type: 'failed', message: err.message, mismatch: err.mismatch };
  return { type: 'failed', message: err instanceof Error ? err.message : String(err) };
}

/** The error the owner of the thread throws for a start-up failure its thread reported. */
export function startError(failure: Extract<FromServerThread, { type: 'failed' }>, dataDir: string): SleepwatchError {
  if (failure.mismatch) return new EmbeddedDatabaseIncompatibleError(failure.mismatch);
  return new SleepwatchError(`cannot open the embedded database in ${dataDir}: ${failure.message}`);
}
