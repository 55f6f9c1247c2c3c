/**
 * The fresh, throwaway set-up one sweep runs on, and its removal afterwards:
 * - `postgres-redis`: a new database on the PostgreSQL server (dropped after) and a queue
 *   prefix of its own on a Redis logical database set aside for the bench (its keys deleted after);
 * - `embedded`: the default set-up, PGlite in a temporary folder with BullMQ's PostgreSQL
 *   backend on it (the folder removed after).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createScratchDatabase, type ScratchDatabase } from '../tests/support/stores.ts';

export const SWEEP_BACKENDS = ['postgres-redis', 'embedded'] as const;
export type SweepBackend = (typeof SWEEP_BACKENDS)[number];

/** The server the bench creates its database on, as an administrator. */
const ADMIN_URL = process.env.SLEEPWATCH_BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
/**
 * A Redis logical database the bench may empty (never 0, where installations and tests keep
 * their queues): at start it is flushed, so leftovers of an interrupted run do not count.
 */
const REDIS_URL = process.env.SLEEPWATCH_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

export interface PreparedBackend {
  /** Environment for `loadConfig`: where the store and the queues live. */
  env: Record<string, string>;
  prefix: string;
  /** A client on the bench's Redis database (postgres-redis only), for INFO and MEMORY USAGE. */
  redis?: Redis;
  /** Name of the fresh PostgreSQL database (postgres-redis only). */
  database?: string;
  /** Removes everything the sweep created. Safe to call more than once. */
  dispose(): Promise<void>;
}

export async function prepareBackend(backend: SweepBackend): Promise<PreparedBackend> {
  const prefix = `bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  if (backend === 'embedded') {
    const dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-bench-'));
    return {
      env: { SLEEPWATCH_DATA: path.join(dir, 'data'), SLEEPWATCH_QUEUE_PREFIX: prefix },
      prefix,
      dispose: once(() => rm(dir, { recursive: true, force: true })),
    };
  }
  const redisDb = Number(new URL(REDIS_URL).pathname.slice(1) || '0');
  if (redisDb === 0)
    throw new Error(`SLEEPWATCH_BENCH_REDIS_URL must name a logical database other than 0 (the bench empties it), got ${REDIS_URL}`);
  // A bench gives up rather than reconnecting; errors are reported where they surface, not as events.
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  let lastError = '';
  redis.on('error', (err: Error) => (lastError = err.message));
  await redis.connect().catch((err: Error) => {
    redis.disconnect();
    throw new Error(
      `no Redis at ${REDIS_URL} (${lastError || err.message}); scripts/test-services.sh starts one, or skip with --sweep-backends embedded`,
    );
  });
  await redis.flushdb();
  let database: ScratchDatabase;
  try {
    database = await createScratchDatabase(ADMIN_URL, 'sleepwatch_bench');
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `cannot create a database at ${redactedUrl(ADMIN_URL)} (${(err as Error).message}); ` +
        'scripts/test-services.sh starts one, or skip with --sweep-backends embedded',
      {
        cause: err,
      },
    );
  }
  return {
    env: { DATABASE_URL: database.url, REDIS_URL, SLEEPWATCH_QUEUE_PREFIX: prefix },
    prefix,
    redis,
    database: database.name,
    dispose: once(async () => {
      await deleteKeys(redis, `${prefix}:*`).catch(() => undefined);
      redis.disconnect();
      await database.drop();
    }),
  };
}

/** Every key matching `pattern`, found with SCAN (never KEYS, which blocks the server). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  const keys = await scanKeys(redis, pattern);
  for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
}

function redactedUrl(text: string): string {
  const u = new URL(text);
  if (u.password) u.password = '***';
  return u.href;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
