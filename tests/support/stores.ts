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

export const ADMIN_URL = process.env.SLEEPWATCH_TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

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
export function createTestDatabase(): Promise<ScratchDatabase> {
  return createScratchDatabase(ADMIN_URL, 'sleepwatch_test');
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new database named `<prefix>_<pid>_<random>` on the server `adminUrl` reaches as an administrator. */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.href, drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`) };
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
