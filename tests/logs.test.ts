import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, waitFor } from './support/cli-process.ts';
import { logRecords, type LogRecord } from './support/log-lines.ts';
import { population } from './support/process-scenario.ts';
import { runCli } from './support/run-cli.ts';
import { serveSimulated } from './support/simulated.ts';
import { ADMIN_URL, createTestDatabase, type ScratchDatabase } from './support/stores.ts';
import { answer, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

/**
 * What an operator's log collector receives from `serve`: started as an operator would
 * (`node bin/sleepwatch.mjs serve`, output to a pipe) with secrets in its environment (a
 * PostgreSQL password, an SMTP password) and in its subscriptions (a webhook's signing
 * secret and the token in its URL, a feed token used as a query parameter and as a bearer
 * token), made to log a crawl of each account, a scheduler round, the alerts those raise,
 * their delivery and HTTP requests. Every line is a JSON record; none contains a secret.
 */

const unique = () => randomBytes(6).toString('hex');

async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

describe('serve logs JSON lines with ids, and no secret', () => {
  const role = `sleepwatch_logs_${unique()}`;
  const secrets = {
    databasePassword: `pgpass${unique()}`,
    smtpPassword: `smtppass${unique()}`,
    webhookSecret: `hooksecret${unique()}`,
    webhookUrlToken: `urltoken${unique()}`,
    feedToken: '',
  };
  let dir: string;
  let database: ScratchDatabase;
  let receiver: WebhookReceiver;
  let platforms: Awaited<ReturnType<typeof serveSimulated>>;
  let serve: CliProcess;
  let records: LogRecord[];
  let output: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-logs-'));
    database = await createTestDatabase();
    await adminQuery(`create role ${role} login password '${secrets.databasePassword}'`);
    await adminQuery(`alter database ${database.name} owner to ${role}`);
    const databaseUrl = new URL(database.url);
    databaseUrl.username = role;
    databaseUrl.password = secrets.databasePassword;

    platforms = await serveSimulated(population(10, 'logs', false));
    receiver = await startWebhookReceiver();
    receiver.answers.set('/hook', answer(200, 'ok'));

    const env = {
      DATABASE_URL: databaseUrl.href,
      SLEEPWATCH_SMTP_URL: `smtp://alerts:${secrets.smtpPassword}@127.0.0.1:2525`,
      SLEEPWATCH_QUEUE_PREFIX: `logs${unique()}`,
      SLEEPWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      SLEEPWATCH_PER_HOST_DELAY_MS: '0',
      SLEEPWATCH_SCHEDULER_TICK_MS: '500',
    };
    const file = path.join(dir, 'accounts.json');
    await writeFile(file, JSON.stringify(platforms.entries.map(({ name, platform, url, options }) => ({ name, platform, url, options }))));
    const imported = await runCli(['import', file], { env });
    expect(imported.code, imported.stderr).toBe(0);
    const hook = await runCli(
      ['webhooks', 'add', `${receiver.origin}/hook?access_token=${secrets.webhookUrlToken}`, '--secret', secrets.webhookSecret],
      { env },
    );
    expect(hook.code, hook.stderr).toBe(0);
    const feed = await runCli(['feeds', 'add', '--format', 'json'], { env });
    expect(feed.code, feed.stderr).toBe(0);
    secrets.feedToken = (JSON.parse(feed.stdout) as { token: string }).token;

    serve = new CliProcess(['serve', '--port', '0'], env);
    const base = /listening on (http:\/\/\S+)/.exec(await serve.ready())?.[1];
    expect((await fetch(`${base}/feeds/alerts.rss?token=${secrets.feedToken}`)).status).toBe(200);
    expect((await fetch(`${base}/api/alerts`, { headers: { authorization: `Bearer ${secrets.feedToken}` } })).status).toBe(200);
    // Every account crawled, and the alerts they raised delivered (alerts are evaluated every 10 s).
    await waitFor(
      () => serve.stderr.split('"event":"crawl"').length > platforms.entries.length && receiver.received.length > 0,
      90_000,
      'the crawls and a delivery',
    );
    await serve.kill('SIGTERM');
    expect(await serve.exited, serve.stderr).toEqual({ code: 0, signal: null });
    output = serve.stdout + serve.stderr;
    records = logRecords(serve.stderr);
  }, 180_000);

  afterAll(async () => {
    await serve?.kill('SIGKILL');
    await receiver?.close();
    await platforms?.server.close();
    await database?.drop();
    await adminQuery(`drop role if exists ${role}`).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  const ofEvent = (event: string) => records.filter((r) => r.event === event);

  it('writes nothing but JSON log records, each naming the process, on standard error', () => {
    expect(serve.stdout).toBe('');
    expect(records.length).toBeGreaterThan(platforms.entries.length);
    for (const r of records) expect(r).toMatchObject({ role: 'serve', pid: serve.child.pid });
    expect(ofEvent('started')[0]).toMatchObject({
      level: 'info',
      queue: 'postgres',
      store: 'postgresql',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    // The store's server is named, its password scrubbed.
    const server = new URL(database.url);
    expect(ofEvent('started')[0]!.database).toBe(`${server.protocol}//${role}:***@${server.host}/${database.name}`);
    expect(ofEvent('stopping')[0]).toMatchObject({ signal: 'SIGTERM' });
  });

  it('logs each crawl with the account, its platform, outcome, status and duration', () => {
    const crawls = ofEvent('crawl');
    const expected = new Map(platforms.entries.map((e) => [e.name, e]));
    expect(new Set(crawls.map((c) => c.account))).toEqual(new Set(expected.keys()));
    for (const c of crawls) {
      expect(c).toMatchObject({
        level: 'info',
        accountId: expect.any(Number),
        job: expect.any(String),
        outcome: expect.any(String),
        durationMs: expect.any(Number),
      });
      expect(c.platform).toBe(expected.get(c.account as string)!.platform);
      expect(c.status).toBe(expected.get(c.account as string)!.expectedStatus);
    }
  });

  it('logs scheduler rounds, alert transitions and delivery attempts with their ids', () => {
    const queued = ofEvent('scheduler-round').reduce((n, r) => n + (r.queued as number), 0);
    expect(queued).toBe(platforms.entries.length);
    const alerts = ofEvent('alert');
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts)
      expect(a).toMatchObject({
        alertId: expect.any(Number),
        eventId: expect.any(Number),
        kind: expect.any(String),
        type: 'opened',
        from: 'none',
        to: 'open',
      });
    const delivered = ofEvent('delivery').filter((d) => d.outcome === 'delivered');
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered[0]).toMatchObject({ webhookId: 1, attempt: 1, httpStatus: 200, target: new URL(receiver.origin).host });
    expect(alerts.map((a) => a.eventId)).toContain(delivered[0]!.eventId);
  });

  it('logs requests with their secret parameters scrubbed', () => {
    const requests = ofEvent('request');
    expect(requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/feeds/alerts.rss?token=***', '/api/alerts']));
  });

  it('contains none of the secrets, in any line', () => {
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(8);
      expect(output.includes(secret), `${name} is in the output`).toBe(false);
    }
  });
});
