import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { EmbeddedDatabaseIncompatibleError, installedVersion, SOCKET_PACKAGE, SOCKET_VERSION_WRITTEN_FOR } from './upstream-mismatch.ts';

interface Pending {
  handlerId: number;
  /** A whole batch: the messages gathered for it and the one that ends it. */
  message: Uint8Array;
  /** Type of the message that ends the batch. */
  ends: number;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

const FLUSH = 'H'.charCodeAt(0);
/** Frontend messages a client answers nothing to until its batch's Sync or Flush: Parse, Bind, Describe, Execute, Close. */
const GATHERED = new Set(['P', 'B', 'D', 'E', 'C'].map((c) => c.charCodeAt(0)));
const TERMINATE = 'X'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);
const PARSE = 'P'.charCodeAt(0);
/** Backend NotificationResponse: what a NOTIFY sends to the sessions that LISTEN. */
const NOTIFICATION = 'A'.charCodeAt(0);
const ERROR_RESPONSE = 'E'.charCodeAt(0);
/** The handler id of the server's own statements (socket connections count up from 0). */
const OWN = Number.MIN_SAFE_INTEGER;
const LISTEN_STATEMENT = /\b(UN)?LISTEN\s+("([^"]+)"|\*|[A-Za-z_][\w$]*)/gi;
/** The private member of pglite-socket's server that holds its queue, which its connections take as they open. */
const REPLACED_FIELD = 'queryQueue';
/** What pglite-socket's server and connections call on that queue: what SessionQueue provides in its place. */
const QUEUE_METHODS = ['enqueue', 'getQueueLength', 'clearQueueForHandler', 'clearTransactionIfNeeded'] as const satisfies ReadonlyArray<
  keyof SessionQueue
>;

/**
 * The message queue of PGlite's socket server, made safe for several connections.
 *
 * PGlite is one PostgreSQL session. pglite-socket (0.2.x) queues the messages of all its
 * connections one by one and keeps a connection's turn only inside a transaction, so the
 * Parse/Bind/Execute/Sync of two connections interleave and one binds the other's unnamed
 * statement ("unnamed prepared statement does not exist", or silently wrong rows:
 * electric-sql/pglite#1046). Here a connection's extended-protocol messages are gathered until
 * its batch ends (Sync, Flush or a simple Query) and the batch runs in one call, as a server
 * reads a client's pipeline: another connection cannot come between its messages, and
 * PGlite is entered once per batch instead of once per message (five times for each
 * statement with values). A connection keeps its turn while a transaction is open, and after
 * a Flush until its Sync.
 *
 * Being one session, PGlite also hands a NOTIFY to the connection whose statement raised it,
 * not to the one that ran LISTEN: BullMQ's workers, which wait for new jobs on LISTEN, would
 * sleep until their poll timer instead. Notifications are therefore routed here to the
 * connections listening on their channel.
 *
 * Named prepared statements belong to the session too, so they would outlive the connection
 * that prepared them: when a connection goes, the statements it named are deallocated.
 *
 * The answers to a batch go to the connection in one piece, as a server sends them, rather
 * than one socket write per message.
 *
 * README.md in this folder says how to tell when upstream no longer needs this, and how to remove it.
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
  /** Messages of each connection's open batch, not yet run. */
  private readonly gathering = new Map<number, Uint8Array[]>();

  constructor(private readonly db: PGlite) {}

  /**
   * Replaces a socket server's own queue. Its connections pick the queue up as they open.
   * The queue is private to pglite-socket: if a release renamed or reshaped it, assigning the
   * field would change nothing and connections would interleave again, so that fails here.
   */
  static install(server: PGLiteSocketServer, db: PGlite): SessionQueue {
    const internals = server as unknown as Record<string, unknown>;
    if (!isQueryQueue(internals[REPLACED_FIELD])) {
      throw new EmbeddedDatabaseIncompatibleError({
        packageName: SOCKET_PACKAGE,
        installedVersion: installedVersion(SOCKET_PACKAGE),
        writtenFor: SOCKET_VERSION_WRITTEN_FOR,
        missing: `private field ${REPLACED_FIELD} on PGLiteSocketServer (a queue with ${QUEUE_METHODS.join(', ')})`,
      });
    }
    const queue = new SessionQueue(db);
    internals[REPLACED_FIELD] = queue;
    return queue;
  }

  /**
   * Runs a statement of the server's own (maintenance, clean-up after a connection) in the
   * session's next free turn: never inside another connection's batch or transaction. Resolves to the server's error message,
   * if it answered with one.
   */
  runOwn(text: string): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const answers: Uint8Array[] = [];
      const onData = (data: Uint8Array) => answers.push(data);
      this.queue.push({
        handlerId: OWN,
        message: simpleQuery(text),
        ends: QUERY,
        onData,
        resolve: () => resolve(errorIn(answers)),
        reject,
      });
      void this.process();
    });
  }

  /** Takes one message of a connection; resolves once it has run (at once for a message that waits for its batch's end). */
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    this.sinks.set(handlerId, onData);
    this.noteListen(handlerId, message);
    this.noteStatement(handlerId, message);
    const open = this.gathering.get(handlerId);
    if (GATHERED.has(message[0] ?? 0)) {
      if (open) open.push(message);
      else this.gathering.set(handlerId, [message]);
      return Promise.resolve(0);
    }
    this.gathering.delete(handlerId);
    const batch = open ? new Uint8Array(Buffer.concat([...open, message])) : message;
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message: batch, ends: message[0] ?? 0, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.sinks.delete(handlerId);
    this.listening.delete(handlerId);
    this.gathering.delete(handlerId);
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
    // The server's own statements, with nobody to hear the answer; one apiece, so a statement
    // that was never made does not keep the others.
    for (const name of this.statements.get(handlerId) ?? [])
      void this.runOwn(`DEALLOCATE "${name.replaceAll('"', '""')}"`).catch(() => undefined);
    this.statements.delete(handlerId);
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        // The owner's next batch has not arrived yet: everyone else keeps waiting.
        if (index < 0 || this.queue.length === 0) return;
        const [next] = this.queue.splice(index, 1);
        if (!next) return;
        const answers: Uint8Array[] = [];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                this.route(next, data, answers);
              },
            }),
          );
        } catch (err) {
          this.owner = null;
          next.reject(err);
          continue;
        }
        this.send(next, answers);
        this.owner = next.ends === TERMINATE ? null : next.ends === FLUSH || this.db.isInTransaction() ? next.handlerId : null;
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  /** Sends the asker what its batch answered, in one piece. */
  private send(asker: Pending, answers: Uint8Array[]): void {
    if (answers.length === 0) return;
    asker.onData(answers.length === 1 ? answers[0]! : new Uint8Array(Buffer.concat(answers)));
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
  private route(asker: Pending, data: Uint8Array, answers: Uint8Array[]): void {
    // A copy: PGlite lends a view of its memory, which its next answer overwrites.
    if (this.listening.size === 0 || !hasNotification(data)) return void answers.push(data.slice());
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
    if (own.length) answers.push(new Uint8Array(Buffer.concat(own)));
  }
}

/** Whether a value is the queue pglite-socket's server keeps, as the connections use it. */
function isQueryQueue(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const queue = value as Record<string, unknown>;
  return QUEUE_METHODS.every((method) => typeof queue[method] === 'function');
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

/** The message of the first ErrorResponse among a statement's answers, if any. */
function errorIn(answers: readonly Uint8Array[]): string | undefined {
  const data = Buffer.concat(answers);
  for (let at = 0; at + 5 <= data.length; at += 1 + data.readUInt32BE(at + 1)) {
    if (data[at] !== ERROR_RESPONSE) continue;
    // Fields: a type byte, then a NUL-terminated value; 'M' is the message.
    for (let f = at + 5; f < at + 1 + data.readUInt32BE(at + 1) && data[f] !== 0;) {
      const end = data.indexOf(0, f + 1);
      if (data[f] === 'M'.charCodeAt(0)) return data.subarray(f + 1, end).toString('utf8');
      f = end + 1;
    }
    return 'unknown error';
  }
  return undefined;
}

/** Whether any whole message in a chunk of answers is a notification (most chunks have none). */
function hasNotification(data: Uint8Array): boolean {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at + 5 <= data.length; at += 1 + view.getUint32(at + 1)) {
    if (data[at] === NOTIFICATION) return true;
  }
  return false;
}
