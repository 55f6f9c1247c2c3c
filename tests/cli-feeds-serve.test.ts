import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess } from './support/cli-process.ts';
import { runCli } from './support/run-cli.ts';
import { createTestDatabase, type ScratchDatabase } from './support/stores.ts';

interface PrintedFeed {
  token: string;
  urls: { rss: string; atom: string; json: string };
}

/** Starts `serve` on a free port and resolves with the process and the address it says it listens on. */
async function startServe(env: Record<string, string>): Promise<{ serve: CliProcess; base: string }> {
  const serve = new CliProcess(['serve', '--port', '0'], env);
  const line = await serve.ready();
  const base = /listening on (http:\/\/\S+)/.exec(line)?.[1];
  if (!base) throw new Error(`serve did not say where it listens:\n${serve.stderr}`);
  return { serve, base };
}

describe('feed URLs point at the address serve listens on', () => {
  let dir: string;
  let env: Record<string, string>;
  let serve: CliProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-feeds-serve-'));
    // No SLEEPWATCH_PUBLIC_URL: the address comes from the running serve. PORT is what serve would take by default.
    env = { SLEEPWATCH_DATA: path.join(dir, 'data'), PORT: '18999' };
  });

  afterAll(async () => {
    await serve?.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('prints the running serve’s address, whose feeds and channel links answer 200', async () => {
    const started = await startServe(env);
    serve = started.serve;
    expect(started.base).not.toContain(':18999');

    const run = await runCli(['feeds', 'add', '--format', 'json'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const feed = JSON.parse(run.stdout) as PrintedFeed;
    expect(feed.urls.json).toBe(`${started.base}/feeds/alerts.json?token=${feed.token}`);

    const json = await fetch(feed.urls.json);
    expect(json.status).toBe(200);
    const body = (await json.json()) as { feed_url: string; home_page_url: string };
    expect(body.feed_url).toBe(feed.urls.json);
    const home = await fetch(body.home_page_url);
    expect(home.status).toBe(200);
    expect(await home.json()).toEqual({ items: [], nextCursor: null });
    for (const format of ['rss', 'atom'] as const) expect((await fetch(feed.urls[format])).status).toBe(200);
  }, 180_000);

  it('after a graceful stop, prints the default port and says serve is not running', async () => {
    await serve!.kill('SIGTERM');
    serve = undefined;
    const run = await runCli(['feeds', 'list', '--format', 'json'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(
        '^sleepwatch: note: serve is not running, so these URLs assume it will listen on port 18999 of this machine; ' +
          'set SLEEPWATCH_PUBLIC_URL',
      ),
    );
    const [feed] = JSON.parse(run.stdout) as PrintedFeed[];
    expect(feed!.urls.rss).toBe(`http://127.0.0.1:18999/feeds/alerts.rss?token=${feed!.token}`);
  }, 120_000);
});

describe('feed URLs with the store on PostgreSQL', () => {
  let database: ScratchDatabase;
  let env: Record<string, string>;
  let serve: CliProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url, PORT: '18998', SLEEPWATCH_QUEUE_PREFIX: `feeds${process.pid}` };
  }, 60_000);

  afterAll(async () => {
    await serve?.kill('SIGKILL');
    await database?.drop();
  }, 60_000);

  it('prints the running serve’s address, and not that of a serve that was killed', async () => {
    const started = await startServe(env);
    serve = started.serve;
    const added = await runCli(['feeds', 'add', '--format', 'json'], { env });
    expect(added.stderr).toBe('');
    const feed = JSON.parse(added.stdout) as PrintedFeed;
    expect(feed.urls.rss).toBe(`${started.base}/feeds/alerts.rss?token=${feed.token}`);
    expect((await fetch(feed.urls.rss)).status).toBe(200);

    // Killed: no graceful stop removed its record, but its process is gone.
    await serve.kill('SIGKILL');
    serve = undefined;
    const run = await runCli(['feeds', 'list', '--format', 'json'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('serve is not running');
    expect((JSON.parse(run.stdout) as PrintedFeed[])[0]!.urls.atom).toBe(`http://127.0.0.1:18998/feeds/alerts.atom?token=${feed.token}`);
  }, 240_000);
});
