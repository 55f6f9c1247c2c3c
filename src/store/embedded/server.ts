import { Worker } from 'node:worker_threads';
import { SleepwatchError } from '../../domain/errors.ts';
import { startError, type FromServerThread, type ServerThreadData, type ToServerThread } from './thread-messages.ts';

/**
 * How often the embedded database is vacuumed and analysed. PGlite runs PostgreSQL as a single
 * session, without the autovacuum that would otherwise do it: rows rewritten every round (each
 * account's state, the queue's jobs) would pile up as dead tuples for as long as the service
 * runs, and the planner would never learn the tables' sizes.
 */
export const VACUUM_EVERY_MS = 15 * 60_000;

/**
 * The thread's entry: the compiled sibling when this module runs compiled (dist/), and a shim
 * that registers the TypeScript loader when it runs from source (vitest, tsx), since a worker
 * thread does not inherit the loader of the thread that starts it.
 */
const SERVER_THREAD_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./server-thread.mjs', import.meta.url)
  : new URL('./server-thread.js', import.meta.url);

/** The embedded database, served on a loopback socket from a thread of its own. */
export interface EmbeddedDatabase {
  /** postgres:// URL of the socket. */
  connectionString: string;
  /** Closes the socket and the database, and ends the thread. Safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Opens the PGlite database in `dataDir` on a thread of its own and serves it on a loopback
 * socket. The caller must hold the folder's lock: PGlite has none.
 */
export async function openEmbeddedDatabase(dataDir: string, { vacuumEveryMs = VACUUM_EVERY_MS } = {}): Promise<EmbeddedDatabase> {
  const thread = new Worker(SERVER_THREAD_ENTRY, { workerData: { dataDir, vacuumEveryMs } satisfies ServerThreadData });
  const ended = new Promise<number>((resolve) => thread.once('exit', resolve));
  let failedToStart!: (err: Error) => void;
  const address = await Promise.race([
    new Promise<string>((resolve, reject) => {
      failedToStart = reject;
      thread.once('error', failedToStart);
      thread.once('message', (message: FromServerThread) =>
        message.type === 'ready' ? resolve(message.address) : reject(startError(message, dataDir)),
      );
    }),
    ended.then((code) => Promise.reject(new Error(`its thread ended with code ${code}`))),
  ]).catch((err: Error) => {
    if (err instanceof SleepwatchError) throw err;
    throw new SleepwatchError(`cannot open the embedded database in ${dataDir}: ${err.message}`, { cause: err });
  });
  // A store whose database died must not keep a service answering as if it were healthy:
  // the process ends, as it would have had the database failed on its own thread.
  thread.off('error', failedToStart).on('error', (err) => {
    throw new SleepwatchError(`the embedded database in ${dataDir} failed: ${err.message}`, { cause: err });
  });
  // The thread ends once it has closed the database (a thread already ended ignores the message).
  const stop = async () => {
    thread.postMessage({ type: 'stop' } satisfies ToServerThread);
    await ended;
  };
  let stopping: Promise<void> | undefined;
  return { connectionString: `postgres://postgres@${address}/postgres`, stop: () => (stopping ??= stop()) };
}
