import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { BACKENDS } from '../../tests/support/stores.ts';
import type { CrawlQueue } from '../jobs/job-queues.ts';
import { buildHttpApp } from './http-server.ts';

describe.each(BACKENDS)('the queue board at /queues, on %s', (backend) => {
  let api: ApiUnderTest;
  /** The cookie a browser gets for an admin token. */
  let cookie: string;

  beforeAll(async () => {
    api = await openApiUnderTest(backend);
    await api.context.queues.crawl.add(
      'scheduled',
      { accountIds: [1], kind: 'scheduled', dueAt: '2026-05-01T00:00:00.000Z' },
      { delay: 3_600_000 },
    );
  }, 60_000);
  afterAll(async () => {
    await api?.context.queues.crawl.obliterate({ force: true });
    await api?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => api.call(null, { method: 'GET', url, headers });

  it('signs an admin in with a cookie for /queues only, HttpOnly and SameSite=Strict, and sends the browser to the board', async () => {
    const res = await api.call(null, {
      method: 'POST',
      url: '/queues/login',
      payload: `token=${encodeURIComponent(api.tokens.admin)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/queues/');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^sleepwatch_token=swt_/);
    expect(setCookie.split('; ')).toEqual(expect.arrayContaining(['Path=/queues', 'HttpOnly', 'SameSite=Strict']));
    cookie = setCookie.split(';')[0]!;
    // The same by a link, for scripts that open a browser.
    const byLink = await get(`/queues/login?token=${encodeURIComponent(api.tokens.admin)}`);
    expect(byLink.statusCode).toBe(303);
  });

  it('refuses to sign in anyone but an admin, and shows the form without a token', async () => {
    expect((await get(`/queues/login?token=${encodeURIComponent(api.tokens.operator)}`)).statusCode).toBe(403);
    expect((await get('/queues/login?token=swt_1_nope')).statusCode).toBe(401);
    const form = await get('/queues/login');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<form method="post" action="/queues/login">');
  });

  it('serves the board and its API to the cookie or an admin bearer, and to no one else', async () => {
    const page = await get('/queues/', { cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');

    const queues = await get('/queues/api/queues', { cookie });
    expect(queues.statusCode, queues.body).toBe(200);
    const board = queues.json<{ queues: Array<{ name: string; counts: Record<string, number> }> }>();
    expect(board.queues.map((q) => q.name).sort()).toEqual(['crawl', 'notify']);
    expect(board.queues.find((q) => q.name === 'crawl')!.counts.delayed).toBe(1);
    expect((await api.call(api.tokens.admin, { method: 'GET', url: '/queues/api/queues' })).statusCode).toBe(200);

    expect((await get('/queues/api/queues')).statusCode).toBe(401);
    expect((await api.call(api.tokens.operator, { method: 'GET', url: '/queues/api/queues' })).statusCode).toBe(403);
    // The cookie counts on the board's routes only.
    expect((await get('/api/alerts', { cookie })).statusCode).toBe(401);
  });

  it('leads a browser without a token to the sign-in form', async () => {
    const res = await get('/queues/', { accept: 'text/html,application/xhtml+xml' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/queues/login');
  });

  it('says so at /queues, and keeps serving the rest, when the board cannot read the configured queues', async () => {
    const foreign = { getJobCounts: async () => ({}) } as unknown as CrawlQueue;
    const app = buildHttpApp({ ...api.context, queues: { ...api.context.queues, crawl: foreign } });
    try {
      const headers = { authorization: `Bearer ${api.tokens.admin}` };
      for (const url of ['/queues', '/queues/', '/queues/api/queues']) {
        const res = await app.inject({ method: 'GET', url, headers });
        expect(res.statusCode, url).toBe(503);
        expect(res.json<{ error: string }>().error, url).toMatch(
          /^the queue board cannot show the queues of this set-up \((postgres|redis)\): /,
        );
      }
      expect((await app.inject({ method: 'GET', url: '/queues/' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
