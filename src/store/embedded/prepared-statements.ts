import type { Kysely, QueryResult, RawBuilder } from 'kysely';
import pg from 'pg';

/** Texts of the statements `prepared` marked, as they reach node-postgres. */
const preparedTexts = new Set<string>();

/** A statement marked to be prepared; run it as the statement itself would be run. */
export interface PreparedStatement<R> {
  execute<DB>(db: Kysely<DB>): Promise<QueryResult<R>>;
}

/**
 * Marks a statement run for every account of every sweep (the batched reads, writes and
 * host-slot claims): it goes to the server as a named prepared statement, so each connection
 * plans it once instead of on every run: planning these large statements costs more than
 * running them. Only statements whose text
 * never varies may be marked: each distinct text stays prepared on every connection, and
 * once marked, a text is prepared wherever this process runs it.
 */
export function prepared<R>(statement: RawBuilder<R>): PreparedStatement<R> {
  return {
    execute: async (db) => {
      // Kysely hands node-postgres nothing but the text and the values, so the text is what the client recognises.
      const compiled = statement.compile(db);
      preparedTexts.add(compiled.sql);
      return db.executeQuery(compiled);
    },
  };
}

let clients = 0;

/**
 * node-postgres's client, sending the statements `prepare` picks as named prepared statements
 * (Kysely and BullMQ send every query as text and values, with no way to name one).
 *
 * The embedded PGlite is one database session shared by every connection, so its prepared
 * statements are shared too: each connection names its own (by process and connection), and
 * the embedded server forgets them when the connection closes (see SessionQueue).
 */
function preparingClient(prefix: string, prepare: (text: string, values: unknown) => boolean): typeof pg.Client {
  /** A number per distinct prepared text, the same on every connection of this process. */
  const numbers = new Map<string, number>();
  return class extends pg.Client {
    private readonly suffix = `${process.pid}_${++clients}`;

    override query(...args: unknown[]): never {
      const query = super.query.bind(this) as (...a: unknown[]) => never;
      const [text, values, ...rest] = args;
      if (typeof text !== 'string' || !prepare(text, values)) return query(...args);
      let number = numbers.get(text);
      if (number === undefined) numbers.set(text, (number = numbers.size + 1));
      return query({ name: `${prefix}_${number}_${this.suffix}`, text }, values, ...rest);
    }
  };
}

/** The store's client: prepares the statements marked with `prepared`. */
export const PreparingClient = preparingClient('sleepwatch', (text) => preparedTexts.has(text));

/**
 * The client of BullMQ's queues on the embedded database: prepares every statement with
 * values. BullMQ sends nothing but its fixed set of command files, so the statements a
 * connection keeps are bounded; parsing and planning each call again cost PGlite about a
 * fifth of BullMQ's finish-and-fetch. Not used on a PostgreSQL server, where planning these
 * calls is cheap, and where another process migrating BullMQ's tables would leave this one's
 * prepared `select *` failing until it reconnects.
 */
export const PreparingQueueClient = preparingClient('bullmq', (_text, values) => Array.isArray(values));
