/**
 * Body of the thread that runs the embedded database: PGlite and its wire-protocol socket.
 *
 * PGlite executes every statement synchronously in WebAssembly. On the thread that also
 * fetches and parses pages, the store and BullMQ's PostgreSQL backend took more than half of
 * a sweep's CPU and stalled the event loop for the length of each statement; on a thread of
 * its own the database uses a second core, and crawling never waits on it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { SessionQueue } from './session-queue.ts';
import { startFailure, type FromServerThread, type ServerThreadData, type ToServerThread } from './thread-messages.ts';

const { dataDir, vacuumEveryMs } = workerData as ServerThreadData;
const port = parentPort!;
const tell = (message: FromServerThread) => port.postMessage(message);

try {
  const db = await PGlite.create(dataDir);
  // Far more connections than any pool here opens: the socket server resets connections beyond it.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 200 });
  const queue = SessionQueue.install(server, db);
  await server.start();
  // What autovacuum would do on a server (see VACUUM_EVERY_MS); it never keeps the process alive.
  let vacuuming: Promise<void> | undefined;
  const maintenance = setInterval(() => {
    // One at a time: while a long transaction holds the session, turns are skipped, not queued.
    vacuuming ??= queue
      .runOwn('VACUUM (ANALYZE)')
      .catch((err: Error) => err.message)
      .then((error) => void (error && process.stderr.write(`sleepwatch store: vacuuming the embedded database failed: ${error}\n`)))
      .finally(() => (vacuuming = undefined));
  }, vacuumEveryMs).unref();
  port.on('message', (message: ToServerThread) => {
    if (message.type !== 'stop') return;
    clearInterval(maintenance);
    // Ending the thread is what the owner waits for, so it ends even if closing fails.
    void (async () => {
      await server.stop();
      await db.close();
    })().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`sleepwatch store: closing the embedded database failed: ${err.message}\n`);
        process.exit(1);
      },
    );
  });
  tell({ type: 'ready', address: server.getServerConn() });
} catch (err) {
  tell(startFailure(err));
  port.close();
}
