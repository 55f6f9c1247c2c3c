import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../tests/support/stores.ts';
import { prepared } from './index.ts';

describe.each(['pglite', 'postgres'] as const)('statements marked as prepared, on %s', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(kind);
  }, 60_000);
  afterAll(async () => t?.dispose());

  const preparedNames = async () =>
    (await sql<{ name: string }>`select name from pg_prepared_statements where name like 'sleepwatch%'`.execute(t.store.db)).rows.map(
      (r) => r.name,
    );

  it('are planned once per connection and run with the values of each call', async () => {
    const before = await preparedNames();
    const twice = async (n: number) => (await prepared(sql<{ n: number }>`select ${n}::int + 1 as n`).execute(t.store.db)).rows[0]!.n;
    expect(await twice(1)).toBe(2);
    expect(await twice(41)).toBe(42);
    const added = (await preparedNames()).filter((name) => !before.includes(name));
    expect(added.length).toBe(1);
  });

  it('leave statements without the mark unnamed', async () => {
    const before = await preparedNames();
    await sql`select ${1}::int as unmarked`.execute(t.store.db);
    expect(await preparedNames()).toEqual(before);
  });

  it('are marked by the call alone: a comment in the text marks nothing', async () => {
    const before = await preparedNames();
    await sql`/* prepared */ select ${1}::int as commented`.execute(t.store.db);
    expect(await preparedNames()).toEqual(before);
  });
});
