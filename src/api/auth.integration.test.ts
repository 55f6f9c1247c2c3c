import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { listApiTokens, revokeApiToken } from '../store/api-tokens-repository.ts';

describe('API tokens', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await openApiUnderTest('pglite');
  }, 60_000);
  afterAll(() => api?.close());

  it('are refused when missing, malformed, unknown or wrong in their secret, with 401 and the same answer', async () => {
    const [id] = /^swt_\d+_/.exec(api.tokens.viewer)!;
    const wrongSecret = `${id}${'A'.repeat(43)}`;
    for (const bearer of [null, 'nonsense', 'swt_999_' + 'A'.repeat(43), wrongSecret]) {
      const res = await api.call(bearer, { method: 'GET', url: '/api/alerts' });
      expect(res.statusCode, String(bearer)).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="sleepwatch"');
      expect(res.json<{ error: string }>().error).toMatch(/token/);
    }
  });

  it('are stored only as hashes of their secrets', async () => {
    const rows = await api.context.store.db.selectFrom('api_tokens').selectAll().execute();
    const secrets = Object.values(api.tokens).map((t) => t.split('_').slice(2).join('_'));
    for (const row of rows) for (const secret of secrets) expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('stop working once revoked', async () => {
    const token = await api.token('viewer');
    expect((await api.call(token, { method: 'GET', url: '/api/alerts' })).statusCode).toBe(200);
    const [record] = (await listApiTokens(api.context.store.db)).slice(-1);
    expect(await revokeApiToken(api.context.store.db, record!.id, new Date())).toBe(true);
    expect((await api.call(token, { method: 'GET', url: '/api/alerts' })).statusCode).toBe(401);
  });

  it('leave health, readiness, the OpenAPI document and the docs page open', async () => {
    for (const url of ['/healthz', '/readyz', '/openapi.json', '/docs']) {
      expect((await api.call(null, { method: 'GET', url })).statusCode, url).toBe(200);
    }
  });
});

describe('the limits every client meets', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await openApiUnderTest('pglite', { SLEEPWATCH_API_RATE_LIMIT: '3' });
  }, 60_000);
  afterAll(() => api?.close());

  it('a token may make the configured number of requests a minute, the next is 429 with the wait; probes are not limited', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.call(api.tokens.viewer, { method: 'GET', url: '/api/alerts' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api.call(api.tokens.viewer, { method: 'GET', url: '/api/alerts' });
    expect(limited.json<{ error: string }>().error).toMatch(/^too many requests: at most 3 a minute; retry in \d+ s$/);
    // Another token has its own allowance.
    expect((await api.call(api.tokens.operator, { method: 'GET', url: '/api/alerts' })).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await api.call(null, { method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('a body over the limit is refused with 413 before it is read whole', async () => {
    const res = await api.call(api.tokens.admin, {
      method: 'POST',
      url: '/api/alerts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: expect.stringMatching(/body/i) as string });
  });
});
