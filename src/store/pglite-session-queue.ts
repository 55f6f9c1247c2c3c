import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

const FLUSH = 'H'.charCodeAt(0);
/** Frontend messages that leave an extended-protocol batch open: Parse, Bind, Describe, Execute, Close, Flush. */
const MID_BATCH = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
/** Of those, the ones whose answers the client reads only at the batch's Sync: all but Flush. */
const HELD_UNTIL_SYNC = new Set([...MID_BATCH].filter((type) => type !== FLUSH));
const TERMINATE = 'X'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);
const PARSE = 'P'.charCodeAt(0);
/** Backend NotificationResponse: what a NOTIFY sends to the sessions that LISTEN. */
const NOTIFICATION = 'A'.charCodeAt(0);
const LISTEN_STATEMENT = /\b(UN)?LISTEN\s+("([^"]+)"|\*|[A-Za-z_][\w$]*)/gi;

/**
 * The message queue of PGlite's socket server, made safe for several connections.
 *
 * PGlite is one PostgreSQL session. pglite-socket (0.2.x) queues the messages of all its
 * connections one by one and keeps a connection's turn only inside a transaction, so the
 * Parse/Bind/Execute/Sync of two connections interleave and one binds the other's unnamed
 * statement ("unnamed prepared statement does not exist", or silently wrong rows:
 * electric-sql/pglite#1046). Here a connection keeps its turn from the first message of a
 * batch until its Sync (or simple Query) has run and no transaction is open; the others wait.
 *
 * Being one session, PGlite also hands a NOTIFY to the connection whose statement raised it,
 * not to the one that ran LISTEN: BullMQ's workers, which wait for new jobs on LISTEN, would
 * sleep until their poll timer instead. Notifications are therefore routed here to the
 * connections listening on their channel.
 *
 * Named prepared statements belong to the session too, so they would outlive the connection
 * that prepared them: when a connection goes, the statements it named are deallocated.
 *
 * The answers to a batch go to the connection in one piece when the batch ends, as a server
 * sends them, rather than one socket write per message (five for each statement with values).
 */
export class SessionQueue {
  private queue: Pending[] = [];
  private owner: number | null = null;
  private processing = false;
  /** Channels each connection listens on, and where its answers go. */
  private readonly listening = new Map<number, Set<string>>();
  private readonly sinks = new Map<number, (data: Uint8Array) => void>();
  /** Named prepared statements of each connection. */
  private readonly statements = new Map<number, Set<string>>();
  /** Answers of each connection's open batch, not yet sent. */
  private readonly held = new Map<number, Uint8Array[]>();

  constructor(private readonly db: PGlite) {}

  /** Replaces a socket server's own queue. Its connections pick the queue up as they open. */
  static install(server: PGLiteSocketServer, db: PGlite): void {
    (server as unknown as { queryQueue: SessionQueue }).queryQueue = new SessionQueue(db);
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    this.sinks.set(handlerId, onData);
    this.noteListen(handlerId, message);
    this.noteStatement(handlerId, message);
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.sinks.delete(handlerId);
    this.listening.delete(handlerId);
    this.held.delete(handlerId);
    this.queue = this.queue.filter((p) => {
      if (p.handlerId !== handlerId) return true;
      p.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /**
   * A connection went away: roll back what it left open, give the session to the others, and
   * deallocate its statements once no other connection is mid-batch (a simple query would
   * drop that connection's unnamed statement).
   */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner === handlerId) {
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      this.owner = null;
    }
    // Each queued as a message of a connection of its own, with nobody to hear the answer; one
    // apiece, so a statement that was never made does not keep the others.
    for (const name of this.statements.get(handlerId) ?? []) {
      const message = simpleQuery(`DEALLOCATE "${name.replaceAll('"', '""')}"`);
      this.queue.push({ handlerId: -handlerId, message, onData: () => undefined, resolve: () => undefined, reject: () => undefined });
    }
    this.statements.delete(handlerId);
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
                this.route(next, data);
              },
            }),
          );
        } catch (err) {
          this.owner = null;
          this.held.delete(next.handlerId);
          next.reject(err);
          continue;
        }
        const type = next.message[0] ?? 0;
        if (!HELD_UNTIL_SYNC.has(type)) this.release(next);
        this.owner = type === TERMINATE ? null : MID_BATCH.has(type) || this.db.isInTransaction() ? next.handlerId : null;
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  /** Keeps a copy of an answer for the asker until its batch ends (PGlite lends a view of its memory). */
  private hold(asker: Pending, data: Uint8Array): void {
    const held = this.held.get(asker.handlerId);
    if (held) held.push(data.slice());
    else this.held.set(asker.handlerId, [data.slice()]);
  }

  /** Sends the asker what its batch has answered so far, in one piece. */
  private release(asker: Pending): void {
    const held = this.held.get(asker.handlerId);
    if (!held) return;
    this.held.delete(asker.handlerId);
    asker.onData(held.length === 1 ? held[0]! : new Uint8Array(Buffer.concat(held)));
  }

  /** Follows the named statements a connection parses (its unnamed one is replaced, not kept). */
  private noteStatement(handlerId: number, message: Uint8Array): void {
    if (message[0] !== PARSE || message[5] === 0) return;
    const name = Buffer.from(message.buffer, message.byteOffset + 5, message.indexOf(0, 5) - 5).toString('utf8');
    const names = this.statements.get(handlerId) ?? new Set<string>();
    this.statements.set(handlerId, names.add(name));
  }

  /** Follows LISTEN and UNLISTEN in simple queries and in parsed statements. */
  private noteListen(handlerId: number, message: Uint8Array): void {
    const type = message[0];
    if (type !== QUERY && type !== PARSE) return;
    const text = Buffer.from(message.buffer, message.byteOffset + 5, message.length - 5).toString('utf8');
    if (!/listen/i.test(text)) return;
    const channels = this.listening.get(handlerId) ?? new Set<string>();
    for (const [, un, name, quoted] of text.matchAll(LISTEN_STATEMENT)) {
      const channel = quoted ?? name!.toLowerCase();
      if (!un) channels.add(channel);
      else if (channel === '*') channels.clear();
      else channels.delete(channel);
    }
    this.listening.set(handlerId, channels);
  }

  /**
   * Keeps a chunk of answers for the connection that asked, except notifications, which go
   * to every connection listening on their channel (the asker too, if it listens, with its answers).
   */
  private route(asker: Pending, data: Uint8Array): void {
    if (this.listening.size === 0 || !hasNotification(data)) return this.hold(asker, data);
    const view = Buffer.from(data.buffer, data.byteOffset, data.length);
    const own: Buffer[] = [];
    let at = 0;
    while (at + 5 <= view.length) {
      const end = at + 1 + view.readUInt32BE(at + 1);
      if (end > view.length) break;
      const message = view.subarray(at, end);
      if (message[0] === NOTIFICATION) {
        // Int32 process id, then the channel name, NUL-terminated.
        const channel = message.subarray(9, message.indexOf(0, 9)).toString('utf8');
        for (const [handlerId, channels] of this.listening) {
          if (!channels.has(channel)) continue;
          if (handlerId === asker.handlerId) own.push(message);
          else this.sinks.get(handlerId)?.(new Uint8Array(message));
        }
      } else {
        own.push(message);
      }
      at = end;
    }
    // A message cut at the chunk's end is passed on as it came.
    if (at < view.length) own.push(view.subarray(at));
    if (own.length) this.hold(asker, Buffer.concat(own));
  }
}

/** A simple-protocol Query message. */
function simpleQuery(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`, 'utf8');
  const message = Buffer.alloc(5 + body.length);
  message[0] = QUERY;
  message.writeUInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return new Uint8Array(message.buffer, message.byteOffset, message.length);
}

/** Whether any whole message in a chunk of answers is a notification (most chunks have none). */
function hasNotification(data: Uint8Array): boolean {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at + 5 <= data.length; at += 1 + view.getUint32(at + 1)) {
    if (data[at] === NOTIFICATION) return true;
  }
  return false;
}
