import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../../tests/support/api-app.ts';
import { browse, cookieFrom, csrfOf, postForm, signInThroughForm } from '../../../tests/support/dashboard-browser.ts';
import { BACKENDS } from '../../../tests/support/stores.ts';
import { revokeApiToken } from '../../store/api-tokens-repository.ts';

describe.each(BACKENDS)('signing in to the dashboard, on %s', (backend) => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await openApiUnderTest(backend);
  }, 60_000);
  afterAll(() => api?.close());

  it('signs in with a viewer token: an HttpOnly, SameSite=Strict session cookie for every path, then the overview', async () => {
    const res = await signInThroughForm(api, api.tokens.viewer);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const setCookies = [res.headers['set-cookie']].flat().map(String);
    const session = setCookies.find((c) => c.startsWith('sleepwatch_session='))!;
    expect(session.split('; ')).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']));
    expect(session).not.toContain('Secure');
    const page = await browse(api, cookieFrom(res, 'sleepwatch_session')!, '/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script|style=/);
  });

  it('marks the cookie Secure when the service is reached over https', async () => {
    const secure = await openApiUnderTest(backend, { SLEEPWATCH_PUBLIC_URL: 'https://watch.example.org' });
    try {
      const res = await signInThroughForm(secure, secure.tokens.viewer);
      expect(String([res.headers['set-cookie']].flat().find((c) => String(c).startsWith('sleepwatch_session=')))).toContain('Secure');
    } finally {
      await secure.close();
    }
  });

  it('shows the form again, with the error, for a wrong or revoked token', async () => {
    const res = await signInThroughForm(api, 'swt_999_nope');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Unknown or revoked token.');
    expect(res.body).toContain('<form method="post" action="/signin">');
    expect(cookieFrom(res, 'sleepwatch_session')).toBeUndefined();
  });

  it('refuses a sign-in without the form’s CSRF token (login CSRF), or with another browser’s', async () => {
    const form = await api.call(null, { method: 'GET', url: '/signin' });
    const mine = cookieFrom(form, 'sleepwatch_signin')!;
    const noToken = await postForm(api, mine, '/signin', { token: api.tokens.viewer });
    expect(noToken.statusCode).toBe(403);
    expect(cookieFrom(noToken, 'sleepwatch_session')).toBeUndefined();
    const other = await api.call(null, { method: 'GET', url: '/signin' });
    const crossed = await postForm(api, mine, '/signin', { token: api.tokens.viewer, csrf: csrfOf(other.body) });
    expect(crossed.statusCode).toBe(403);
    const noCookie = await postForm(api, '', '/signin', { token: api.tokens.viewer, csrf: csrfOf(form.body) });
    expect(noCookie.statusCode).toBe(403);
  });

  it('leads a browser without a session, or with a revoked token, to sign-in with 303', async () => {
    for (const url of ['/', '/accounts', '/accounts/1']) {
      const res = await api.call(null, { method: 'GET', url });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe('/signin');
    }
    const token = await api.token('viewer');
    const session = cookieFrom(await signInThroughForm(api, token), 'sleepwatch_session')!;
    expect((await browse(api, session, '/')).statusCode).toBe(200);
    await revokeApiToken(api.context.store.db, Number(/^swt_(\d+)_/.exec(token)![1]), new Date());
    expect((await browse(api, session, '/')).headers.location).toBe('/signin');
  });

  it('signs out only with the session’s CSRF token', async () => {
    const session = cookieFrom(await signInThroughForm(api, api.tokens.viewer), 'sleepwatch_session')!;
    const page = await browse(api, session, '/');
    expect((await postForm(api, session, '/signout', {})).statusCode).toBe(403);
    expect((await postForm(api, session, '/signout', { csrf: 'x'.repeat(43) })).statusCode).toBe(403);
    const other = cookieFrom(await signInThroughForm(api, api.tokens.operator), 'sleepwatch_session')!;
    expect((await postForm(api, session, '/signout', { csrf: csrfOf((await browse(api, other, '/')).body) })).statusCode).toBe(403);
    const out = await postForm(api, session, '/signout', { csrf: csrfOf(page.body) });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/signin');
    expect(String([out.headers['set-cookie']].flat()[0])).toMatch(/^sleepwatch_session=; Path=\/; Max-Age=0/);
  });

  it('keeps the queue board’s cookie and the session apart: neither opens the other’s routes', async () => {
    const session = cookieFrom(await signInThroughForm(api, api.tokens.admin), 'sleepwatch_session')!;
    // The board leads a browser without its own cookie to its own sign-in.
    expect((await browse(api, session, '/queues/')).headers.location).toBe('/queues/login');
    expect((await browse(api, session, '/api/alerts')).statusCode).toBe(401);
    const board = await api.call(null, {
      method: 'POST',
      url: '/queues/login',
      payload: `token=${encodeURIComponent(api.tokens.admin)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const boardCookie = String(board.headers['set-cookie']).split(';')[0]!;
    expect((await browse(api, boardCookie, '/')).headers.location).toBe('/signin');
    // Both at once, as a browser sends them under /queues: each route reads its own.
    expect((await browse(api, `${boardCookie}; ${session}`, '/queues/api/queues')).statusCode).toBe(200);
    expect((await browse(api, `${boardCookie}; ${session}`, '/')).statusCode).toBe(200);
  });

  it('serves its stylesheet to anyone, and no longer answers 404 at /', async () => {
    const css = await api.call(null, { method: 'GET', url: '/dashboard.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect((await api.call(api.tokens.viewer, { method: 'GET', url: '/' })).statusCode).toBe(200);
  });
});
