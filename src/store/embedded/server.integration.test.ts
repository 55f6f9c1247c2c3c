import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { SleepwatchError } from '../../domain/errors.ts';
import { openEmbeddedDatabase, type EmbeddedDatabase } from './server.ts';

describe('the embedded database, served from a thread of its own', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  async function folder(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-embedded-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }
  async function started(dir: string, options?: { vacuumEveryMs: number }): Promise<EmbeddedDatabase> {
    const server = await openEmbeddedDatabase(dir, options);
    cleanup.push(() => server.stop());
    return server;
  }

  it('keeps the event loop of the process free while a long statement runs', async () => {
    const server = await started(await folder());
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    cleanup.push(() => client.end());
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    // Several hundred milliseconds of work inside the database; run on this thread, it would
    // let no timer fire until it ended.
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from generate_series(1, 3000000) a, lateral (select md5(a::text)) h',
    );
    clearInterval(timer);
    expect(rows[0]?.n).toBe(3_000_000);
    expect(ticks).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('keeps what was written when stopped and started again on the same folder', async () => {
    const dir = await folder();
    const first = await openEmbeddedDatabase(dir);
    const writer = new pg.Client({ connectionString: first.connectionString });
    await writer.connect();
    await writer.query('create table kept (note text)');
    await writer.query("insert into kept values ('still here')");
    await writer.end();
    await first.stop();
    await first.stop();

    const second = await started(dir);
    const reader = new pg.Client({ connectionString: second.connectionString });
    await reader.connect();
    cleanup.push(() => reader.end());
    expect((await reader.query('select note from kept')).rows).toEqual([{ note: 'still here' }]);
  }, 60_000);

  it('vacuums and analyses the database itself (PGlite has no autovacuum), never inside a connection’s transaction', async () => {
    const server = await started(await folder(), { vacuumEveryMs: 150 });
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    cleanup.push(() => client.end());
    await client.query('create table churn (k int primary key, v int)');
    await client.query('insert into churn select g, 0 from generate_series(1, 50) g');
    // The planner's row estimate: -1 until the table is first vacuumed or analysed.
    const estimate = async () =>
      (await client.query<{ n: number }>("select reltuples::int as n from pg_class where relname = 'churn'")).rows[0]!.n;
    await client.query('begin');
    expect(await estimate()).toBe(-1);
    // Several turns of maintenance pass while the transaction holds the session; VACUUM inside it would fail it.
    await sleep(600);
    await client.query('update churn set v = v + 1');
    expect(await estimate()).toBe(-1);
    await client.query('commit');
    const deadline = Date.now() + 10_000;
    while ((await estimate()) !== 50 && Date.now() < deadline) await sleep(100);
    expect(await estimate()).toBe(50);
  }, 60_000);

  it('reports a folder it cannot open as a database, naming the folder', async () => {
    const dir = await folder();
    await writeFile(path.join(dir, 'PG_VERSION'), 'not a version\n');
    const attempt = openEmbeddedDatabase(dir);
    await expect(attempt).rejects.toBeInstanceOf(SleepwatchError);
    await expect(attempt).rejects.toThrow(`cannot open the embedded database in ${dir}`);
  }, 60_000);
});
