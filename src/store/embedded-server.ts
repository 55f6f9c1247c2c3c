import { Worker } from 'node:worker_threads';
import { SleepwatchError } from '../errors.ts';

export interface ServerThreadData {
  dataDir: string;
}
export type ToServerThread = { type: 'stop' };
export type FromServerThread = { type: 'ready'; address: string } | { type: 'failed'; message: string } | { type: 'stopped' };

/** The embedded database, served on a loopback socket from a thread of its own. */
export interface EmbeddedServer {
  /** postgres:// URL of the socket. */
  connectionString: string;
  /** Closes the socket and the database, and ends the thread. Safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Opens the PGlite database in `dataDir` on a thread of its own and serves it on a loopback
 * socket. The caller must hold the folder's lock: PGlite has none.
 */
export async function startEmbeddedServer(dataDir: string): Promise<EmbeddedServer> {
  const thread = new Worker(new URL('./embedded-server-thread.mjs', import.meta.url), { workerData: { dataDir } satisfies ServerThreadData });
  let exited = false;
  thread.once('exit', () => (exited = true));
  const address = await new Promise<string>((resolve, reject) => {
    const fail = (message: string) => reject(new SleepwatchError(`cannot open the embedded database in ${dataDir}: ${message}`));
    thread.once('error', (err) => fail(err.message));
    thread.once('exit', (code) => fail(`its thread ended with code ${code}`));
    thread.once('message', (message: FromServerThread) => {
      if (message.type === 'ready') resolve(message.address);
      else if (message.type === 'failed') fail(message.message);
    });
  });
  thread.removeAllListeners('error').removeAllListeners('message');
  // A store whose database died must not keep a service answering as if it were healthy:
  // the process ends, as it would have had the database failed on its own thread.
  thread.on('error', (err) => {
    throw new SleepwatchError(`the embedded database in ${dataDir} failed: ${err.message}`, { cause: err });
  });
  let stopping: Promise<void> | undefined;
  return {
    connectionString: `postgres://postgres@${address}/postgres`,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        if (exited) return resolve();
        thread.once('exit', () => resolve());
        thread.on('message', (message: FromServerThread) => {
          if (message.type === 'stopped') void thread.terminate();
        });
        thread.postMessage({ type: 'stop' } satisfies ToServerThread);
      })),
  };
}
