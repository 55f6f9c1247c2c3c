import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { fakeAccount } from '../../tests/support/fake-account.ts';
import { clearRedisPrefix, TEST_REDIS_URL } from '../../tests/support/process-scenario.ts';
import { serveSimulated, testCrawlSettings } from '../../tests/support/simulated.ts';
import { BACKENDS, createTestDatabase } from '../../tests/support/stores.ts';
import { loadConfig } from '../config.ts';
import type { AccountsFileEntry } from '../fake-platforms/accounts-file.ts';
import type { FakePlatforms } from '../fake-platforms/server.ts';
import { Monitor } from '../jobs/monitor.ts';
import { addApiToken } from '../store/api-tokens-repository.ts';
import type { AccountView } from './account-view.ts';
import { buildHttpApp } from './http-server.ts';

describe.each(BACKENDS)('a recrawl queued through the API on %s, with no worker running', (backend) => {
  let api: ApiUnderTest;
  let id: number;
  const send = (url: string) => api.call(api.tokens.operator, { method: 'POST', url });

  beforeAll(async () => {
    api = await openApiUnderTest(backend);
    const created = await api.call(api.tokens.operator, {
      method: 'POST',
      url: '/api/accounts',
      payload: { platform: 'telegram', url: 'https://t.me/s/nanjing' },
    });
    id = created.json<AccountView>().id;
  }, 60_000);
  afterAll(() => api?.close());

  it('queues a recrawl (202), and says when no worker finished it in time (504)', async () => {
    const res = await send(`/api/accounts/${id}/recrawl`);
    expect(res.statusCode).toBe(202);
    const { jobId, accountId } = res.json<{ jobId: string; accountId: number }>();
    expect(accountId).toBe(id);
    expect((await api.context.queues.crawl.getJob(jobId))?.data).toMatchObject({ accountIds: [id], kind: 'recrawl' });
    const waited = await send(`/api/accounts/${id}/recrawl?wait=true&timeoutSeconds=1`);
    expect(waited.statusCode).toBe(504);
    expect(waited.json<{ error: string }>().error).toMatch(/^no worker finished the recrawl within 1 s/);
    expect((await send(`/api/accounts/${id}/recrawl?timeoutSeconds=121`)).statusCode).toBe(400);
    expect((await send('/api/accounts/999999/recrawl')).statusCode).toBe(404);
    await api.context.queues.crawl.obliterate({ force: true });
  });
});

describe.each(BACKENDS)('a recrawl waited for through the API on %s, with a worker running', (backend) => {
  let dir: string;
  let platforms: FakePlatforms;
  let monitor: Monitor;
  let app: FastifyInstance;
  let dropDatabase: (() => Promise<void>) | undefined;
  /** The simulated account as a register entry. */
  let entry: Record<string, unknown>;
  const prefix = `recrawlapi${process.pid}${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-recrawl-api-'));
    const env: Record<string, string> = { SLEEPWATCH_DATA: path.join(dir, 'data'), SLEEPWATCH_QUEUE_PREFIX: prefix };
    if (backend === 'postgres') {
      const database = await createTestDatabase();
      dropDatabase = database.drop;
      Object.assign(env, { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL });
    }
    // The simulated platforms listen on loopback: the register accepts them only with this opt-in.
    const config = loadConfig({ ...env, SLEEPWATCH_ALLOW_PRIVATE_HOSTS: 'true' });
    const crawl = testCrawlSettings();
    monitor = await Monitor.start(config, {
      scheduler: false,
      worker: true,
      tickMs: 60_000,
      batchSize: 100,
      workerConcurrency: 2,
      lockDurationMs: 30_000,
      crawl,
    });
    const simulated = await serveSimulated([fakeAccount({ key: 'nanjing', platform: 'telegram', followers: 4321 })]);
    platforms = simulated.server;
    const [{ name, platform, url, options }] = simulated.entries as [AccountsFileEntry];
    entry = { name, platform, url, options };
    app = buildHttpApp({ store: monitor.store, queues: monitor.queues, config });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await monitor?.stop();
    await platforms?.close();
    if (backend === 'postgres') await clearRedisPrefix(TEST_REDIS_URL, prefix);
    await dropDatabase?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers with the observation the worker recorded and the account as it then stands', async () => {
    const { token } = await addApiToken(monitor.store.db, { role: 'operator', unit: null, name: null });
    const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}` } });
    const created = await call({ method: 'POST', url: '/api/accounts', payload: entry });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<AccountView>();
    const res = await call({ method: 'POST', url: `/api/accounts/${id}/recrawl?wait=true&timeoutSeconds=60` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ jobId: string; observation: Record<string, unknown>; account: AccountView }>();
    expect(body.observation).toMatchObject({ outcome: 'ok', displayName: 'nanjing 发布', followers: 4321, status: 'active' });
    expect(body.account).toMatchObject({ id, status: 'active', followers: 4321, outcome: 'ok' });
    expect(body.account.lastCheckedAt).not.toBeNull();
  }, 90_000);
});
