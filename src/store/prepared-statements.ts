import pg from 'pg';

/**
 * The mark that opens a statement run for every account of every sweep (the batched reads,
 * writes and host-slot claims). Such a statement goes to the server as a named prepared
 * statement, so each connection plans it once instead of on every run: planning these large
 * statements cost more than running them (on PGlite, 4–5 ms of a 6–7 ms host-slot claim).
 * Only statements whose text never varies may carry it.
 */
const PREPARED_MARK = '/* prepared */';

/** A number per distinct marked text, the same on every connection of this process. */
const numbers = new Map<string, number>();
let clients = 0;

/**
 * node-postgres's client, preparing the marked statements (Kysely sends every query as text
 * and values, with no way to name one).
 *
 * The embedded PGlite is one database session shared by every connection, so its prepared
 * statements are shared too: each connection names its own (by process and connection), and
 * the embedded server forgets them when the connection closes (see SessionQueue).
 */
export class PreparingClient extends pg.Client {
  private readonly suffix = `${process.pid}_${++clients}`;

  override query(...args: unknown[]): never {
    const query = super.query as (...a: unknown[]) => never;
    const [text, ...rest] = args;
    if (typeof text !== 'string' || !text.startsWith(PREPARED_MARK)) return query.apply(this, args);
    let number = numbers.get(text);
    if (number === undefined) numbers.set(text, (number = numbers.size + 1));
    return query.call(this, { name: `sleepwatch_${number}_${this.suffix}`, text }, ...rest);
  }
}
