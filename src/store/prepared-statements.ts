import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * The mark that opens a statement run for every account of every sweep (the batched reads,
 * writes and host-slot claims). Such a statement goes to the server as a named prepared
 * statement, so each connection plans it once instead of on every run: planning these large
 * statements cost more than running them (on PGlite, 4–5 ms of a 6–7 ms host-slot claim).
 * Only statements whose text never varies may carry it.
 */
export const PREPARED_MARK = '/* prepared */';

const hashes = new Map<string, string>();
let clients = 0;

function textHash(text: string): string {
  let hash = hashes.get(text);
  if (!hash) {
    hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    hashes.set(text, hash);
  }
  return hash;
}

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
    const [first, ...rest] = args;
    const query = (pg.Client.prototype.query as (...a: unknown[]) => never).bind(this);
    if (typeof first !== 'string' || !first.startsWith(PREPARED_MARK)) return query(first, ...rest);
    return query({ name: `sleepwatch_${textHash(first)}_${this.suffix}`, text: first }, ...rest);
  }
}
