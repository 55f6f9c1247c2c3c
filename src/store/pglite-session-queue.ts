import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

/** Frontend messages that leave an extended-protocol batch open: Parse, Bind, Describe, Execute, Close, Flush. */
const MID_BATCH = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const TERMINATE = 'X'.charCodeAt(0);

/**
 * The message queue of PGlite's socket server, made safe for several connections.
 *
 * PGlite is one PostgreSQL session. pglite-socket (0.2.x) queues the messages of all its
 * connections one by one and keeps a connection's turn only inside a transaction, so the
 * Parse/Bind/Execute/Sync of two connections interleave and one binds the other's unnamed
 * statement ("unnamed prepared statement does not exist", or silently wrong rows:
 * electric-sql/pglite#1046). Here a connection keeps its turn from the first message of a
 * batch until its Sync (or simple Query) has run and no transaction is open; the others wait.
 */
export class SessionQueue {
  private queue: Pending[] = [];
  private owner: number | null = null;
  private processing = false;

  constructor(private readonly db: PGlite) {}

  /** Replaces a socket server's own queue. Its connections pick the queue up as they open. */
  static install(server: PGLiteSocketServer, db: PGlite): void {
    (server as unknown as { queryQueue: SessionQueue }).queryQueue = new SessionQueue(db);
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((p) => {
      if (p.handlerId !== handlerId) return true;
      p.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** A connection went away: roll back what it left open and give the session to the others. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        // The owner's next message has not arrived yet: everyone else keeps waiting.
        if (index < 0 || this.queue.length === 0) return;
        const [next] = this.queue.splice(index, 1);
        if (!next) return;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                next.onData(data);
              },
            }),
          );
        } catch (err) {
          this.owner = null;
          next.reject(err);
          continue;
        }
        const type = next.message[0] ?? 0;
        this.owner = type === TERMINATE ? null : MID_BATCH.has(type) || this.db.isInTransaction() ? next.handlerId : null;
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }
}
