import pg from 'pg';

/**
 * The mark that opens a statement run for every account of every sweep (the batched reads,
 * writes and host-slot claims). Such a statement goes to the server as a named prepared
 * statement, so each connection plans it once instead of on every run: planning these large
 * statements cost more than running them (on PGlite, 4–5 ms of a 6–7 ms host-slot claim).
 * Only statements whose text never varies may carry it.
 */
const PREPARED_MARK = '/* prepared */';

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
      const query = super.query as (...a: unknown[]) => never;
      const [text, values, ...rest] = args;
      if (typeof text !== 'string' || !prepare(text, values)) return query.apply(this, args);
      let number = numbers.get(text);
      if (number === undefined) numbers.set(text, (number = numbers.size + 1));
      return query.call(this, { name: `${prefix}_${number}_${this.suffix}`, text }, values, ...rest);
    }
  };
}

/** The store's client: prepares the statements that open with the mark. */
export const PreparingClient = preparingClient('sleepwatch', (text) => text.startsWith(PREPARED_MARK));

/**
 * The client of BullMQ's queues on the embedded database: prepares every statement with
 * values. BullMQ sends nothing but its fixed set of command files, so the statements a
 * connection keeps are bounded; parsing and planning each call again cost PGlite about a
 * fifth of BullMQ's finish-and-fetch. Not used on a PostgreSQL server, where planning these
 * calls is cheap, and where another process migrating BullMQ's tables would leave this one's
 * prepared `select *` failing until it reconnects.
 */
export const PreparingQueueClient = preparingClient('bullmq', (_text, values) => Array.isArray(values));
