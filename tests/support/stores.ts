import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.ts';

/**
 * The two backends every store test runs on: PGlite embedded in a temporary folder, and the
 * PostgreSQL server (SLEEPWATCH_TEST_DATABASE_URL, default the local server's `postgres`
 * database, as postgres/postgres) in a database created for the test and dropped after it.
 */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

const ADMIN_URL = process.env.SLEEPWATCH_TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export interface TestStore {
  store: Store;
  /** Closes the store and opens the same database again, as the next process would. */
  reopen(): Promise<Store>;
  /** Opens the same database while this one is open, as a second process would. */
  openSecond(): Promise<Store>;
  dispose(): Promise<void>;
}

export async function openTestStore(backend: Backend): Promise<TestStore> {
  if (backend === 'pglite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-store-'));
    const t: TestStore = {
      store: await openStore({ dataDir }),
      reopen: async () => {
        await t.store.close();
        return (t.store = await openStore({ dataDir }));
      },
      openSecond: () => openStore({ dataDir }),
      dispose: async () => {
        await t.store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
    return t;
  }
  const database = await createTestDatabase();
  const t: TestStore = {
    store: await openStore({ dataDir: '', databaseUrl: database.url }),
    reopen: async () => {
      await t.store.close();
      return (t.store = await openStore({ dataDir: '', databaseUrl: database.url }));
    },
    openSecond: () => openStore({ dataDir: '', databaseUrl: database.url }),
    dispose: async () => {
      await t.store.close();
      await database.drop();
    },
  };
  return t;
}

/** A fresh, empty PostgreSQL database on the test server, and a way to drop it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sleepwatch_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
