import { mkdir } from 'node:fs/promises';
import { Kysely, Migrator, PostgresDialect, type LogEvent, type PostgresPool } from 'kysely';
import pg from 'pg';
import { SleepwatchError } from '../domain/errors.ts';
import type { ConnectionObserver } from '../domain/dependency.ts';
import { migrationProvider } from './migrations/index.ts';
import { openEmbeddedDatabase, PreparingClient, type EmbeddedDatabase } from './embedded/index.ts';
import { claimFolder, type FolderClaim } from './folder-owner.ts';
import type { Schema } from './schema.ts';
import { logger } from '../logging/logger.ts';

export interface StoreSettings {
  /** PostgreSQL to use; without it, PGlite runs embedded in `dataDir`. */
  databaseUrl?: string;
  /** Folder of the embedded database. @defaultValue ./.sleepwatch */
  dataDir: string;
  /** Connections this process keeps. @defaultValue 8 */
  poolSize?: number;
}

/** An open store: typed queries, and the connection string the job queue shares. */
export interface Store {
  db: Kysely<Schema>;
  /** postgres:// URL of this store (on the embedded default, its loopback socket). */
  connectionString: string;
  /** `owner`: this process runs the embedded database; `attached`: another one does. */
  embedded: false | 'owner' | 'attached';
  close(): Promise<void>;
}

const INT8_OID = 20;

export interface StoreOptions {
  /**
   * Told of every error the store's connections meet and of every success, to follow the
   * server's availability (see ConnectionWatch). Without it, a lost idle connection is logged.
   */
  connections?: ConnectionObserver;
}

/**
 * Opens the store and brings its schema up to date. PostgreSQL and the embedded PGlite are
 * reached the same way, through node-postgres: PGlite serves the wire protocol on a loopback
 * socket, so one driver, one SQL dialect and one set of type parsers cover both, and the
 * BullMQ PostgreSQL backend can share the embedded database.
 */
export async function openStore(settings: StoreSettings, options: StoreOptions = {}): Promise<Store> {
  let embedded: { server: EmbeddedDatabase; claim: Extract<FolderClaim, { kind: 'owner' }> } | undefined;
  let connectionString = settings.databaseUrl;
  let attached = false;
  if (!connectionString) {
    await mkdir(settings.dataDir, { recursive: true });
    const claim = await claimFolder(settings.dataDir);
    if (claim.kind === 'attached') {
      connectionString = claim.connectionString;
      attached = true;
    } else {
      if (claim.tookOverFrom) {
        logger().warn(
          { event: 'embedded-takeover', dataDir: settings.dataDir, previousPid: claim.tookOverFrom.pid },
          `the embedded database in ${settings.dataDir} was left by process ${claim.tookOverFrom.pid}, which is gone; taking it over`,
        );
      }
      const server = await openEmbeddedDatabase(settings.dataDir).catch(async (err: unknown) => {
        await claim.release();
        throw err;
      });
      embedded = { server, claim };
      connectionString = server.connectionString;
      await claim.announce(connectionString);
    }
  }
  if (!connectionString) throw new SleepwatchError('no database to open');
  const pool = new pg.Pool({
    connectionString,
    Client: PreparingClient,
    max: settings.poolSize ?? 8,
    // PostgreSQL's JIT compiles any statement its planner guesses to be large, on every run, and
    // it guesses the batched writes large because it cannot size their set-returning inputs.
    // Short OLTP statements never win the compile time back. (PGlite has no JIT and takes no options.)
    ...(settings.databaseUrl ? { options: '-c jit=off' } : {}),
    // bigint columns hold ids and counts well inside 2^53: read them as numbers on every backend.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID
          ? Number
          : (pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server (restart, failover) is replaced on next use; without
  // a listener node-postgres would take the whole process down with it.
  const observer = options.connections;
  pool.on(
    'error',
    observer
      ? (err) => observer.failed(err)
      : (err) => logger().warn({ event: 'connection-lost', error: err.message }, `idle connection to the store lost: ${err.message}`),
  );
  if (observer) pool.on('connect', () => observer.connected());
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool: observer ? observedPool(pool, observer) : pool }),
    // Every statement's outcome tells whether the server is there (a query that failed because the
    // connection broke mid-way, one that succeeded on a connection that outlived a network blip).
    ...(observer ? { log: (event: LogEvent) => (event.level === 'error' ? observer.failed(event.error) : observer.connected()) } : {}),
  });
  const close = async () => {
    await db.destroy();
    if (embedded) {
      await embedded.claim.withdraw();
      await embedded.server.stop();
      await embedded.claim.release();
    }
  };
  try {
    await migrate(db);
  } catch (err) {
    await close();
    throw err;
  }
  return { db, connectionString, embedded: embedded ? 'owner' : attached ? 'attached' : false, close };
}

/**
 * The pool as Kysely uses it, a failure to get a connection told to `observer`. (A connection
 * handed out is no news: it may be an idle one whose server has gone since.)
 */
function observedPool(pool: pg.Pool, observer: ConnectionObserver): PostgresPool {
  return {
    connect: async () => {
      try {
        return await pool.connect();
      } catch (err) {
        observer.failed(err);
        throw err;
      }
    },
    end: () => pool.end(),
  };
}

async function migrate(db: Kysely<Schema>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new SleepwatchError(`database migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
}
