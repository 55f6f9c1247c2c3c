import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { ApiContext } from '../../src/api/api-context.ts';
import { buildHttpApp } from '../../src/api/http-server.ts';
import { loadConfig } from '../../src/config.ts';
import type { Role } from '../../src/domain/role.ts';
import { openJobQueues } from '../../src/jobs/job-queues.ts';
import { addApiToken } from '../../src/store/api-tokens-repository.ts';
import { clearRedisPrefix, TEST_REDIS_URL } from './process-scenario.ts';
import { openTestStore, type Backend, type TestStore } from './stores.ts';

/**
 * The HTTP API on one backend, for `inject`: the embedded database with its own queue
 * (`pglite`), or PostgreSQL with Redis (`postgres`), in a database and a queue prefix of the
 * test's own. No scheduler or worker runs unless the test starts one.
 */
export interface ApiUnderTest {
  app: FastifyInstance;
  context: ApiContext;
  /** A token of each role, for every unit. */
  tokens: Record<Role, string>;
  /** Makes another token (limited to a unit, say). */
  token(role: Role, opts?: { unit?: string; name?: string }): Promise<string>;
  /** `app.inject` with `token` as the bearer (none when null). */
  call(token: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function openApiUnderTest(backend: Backend, env: Record<string, string> = {}): Promise<ApiUnderTest> {
  const testStore: TestStore = await openTestStore(backend);
  const prefix = `api${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  const config = loadConfig({ SLEEPWATCH_QUEUE_PREFIX: prefix, ...env });
  const queues = openJobQueues(testStore.store, backend === 'postgres' ? { redisUrl: TEST_REDIS_URL, prefix } : { prefix });
  const context: ApiContext = { store: testStore.store, queues, config };
  const app = buildHttpApp(context);
  await app.ready();
  const token = async (role: Role, opts: { unit?: string; name?: string } = {}) =>
    (await addApiToken(testStore.store.db, { role, unit: opts.unit ?? null, name: opts.name ?? null })).token;
  const tokens = { viewer: await token('viewer'), operator: await token('operator'), admin: await token('admin', { name: 'test admin' }) };
  return {
    app,
    context,
    tokens,
    token,
    call: (bearer, options) =>
      app.inject({ ...options, headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...options.headers } }),
    close: async () => {
      await app.close();
      await queues.close();
      if (backend === 'postgres') await clearRedisPrefix(TEST_REDIS_URL, prefix);
      await testStore.dispose();
    },
  };
}
