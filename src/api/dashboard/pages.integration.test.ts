import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../../tests/support/api-app.ts';
import { browse, cookieFrom, signInThroughForm } from '../../../tests/support/dashboard-browser.ts';
import { BACKENDS } from '../../../tests/support/stores.ts';
import type { Account } from '../../accounts/account.ts';
import { importAccounts } from '../../store/accounts-repository.ts';
import { openAlert } from '../../store/alerts-repository.ts';

const NOW = Date.now();
const squash = (body: string) => body.replace(/>\s+</g, '><').replace(/\s+/g, ' ');
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_EXCERPT = '<script>alert("excerpt")</script> & more';

/** Sixty accounts (more than a page), of two platforms and three units, and one with a hostile name and post. */
const STATUSES = ['active', 'drifting', 'sleeping', 'zombie'] as const;

describe.each(BACKENDS)('the dashboard pages, on %s', (backend) => {
  let api: ApiUnderTest;
  let session: string;
  let hostileId: number;
  /** A page, its markup's layout whitespace collapsed: the tests read what it says, not how it is indented. */
  const get = async (url: string, cookie = session) => {
    const res = await browse(api, cookie, url);
    return { statusCode: res.statusCode, body: squash(res.body), res };
  };

  beforeAll(async () => {
    api = await openApiUnderTest(backend, { SLEEPWATCH_LOCALE: 'en' });
    const db = api.context.store.db;
    const accounts: Account[] = Array.from({ length: 60 }, (_, i) => ({
      platform: i % 2 ? 'weibo' : 'bilibili',
      url: `https://example.org/a${i}`,
      name: i === 0 ? HOSTILE_NAME : `Account ${String(i).padStart(2, '0')}`,
      unit: ['North', 'South', 'East'][i % 3]!,
      region: null,
      group: null,
      policy: null,
      intervalMs: 86_400_000,
      timeZone: 'UTC',
      options: {},
    }));
    await importAccounts(db, accounts, new Date(NOW));
    const rows = await db.selectFrom('accounts').select(['id', 'url']).orderBy('id').execute();
    for (const row of rows) {
      const i = Number(/a(\d+)$/.exec(row.url)![1]);
      await db
        .updateTable('account_state')
        .set({
          status: STATUSES[i % 4]!,
          days_silent: i,
          last_post_at: new Date(NOW - i * 86_400_000),
          last_post_excerpt: i === 0 ? HOSTILE_EXCERPT : null,
        })
        .where('account_id', '=', row.id)
        .execute();
      if (i === 0) hostileId = row.id;
    }
    // One removed account, which no count or list may show.
    await db
      .updateTable('accounts')
      .set({ removed_at: new Date(NOW) })
      .where('url', '=', 'https://example.org/a59')
      .execute();
    await openAlert(
      db,
      {
        key: `silence:${hostileId}`,
        kind: 'silence',
        severity: 'critical',
        status: 'sleeping',
        platform: 'bilibili',
        accountId: hostileId,
        reason: { code: 'never-posted' },
        evidence: null,
      },
      new Date(NOW),
    );
    session = cookieFrom(await signInThroughForm(api, api.tokens.viewer), 'sleepwatch_session')!;
  }, 60_000);
  afterAll(() => api?.close());

  /** The names in the accounts table of a page, in order. */
  const tableNames = (body: string) => [...body.matchAll(/<td><a href="\/accounts\/\d+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]!);

  it('shows the overview: counts by status, platform and unit (no removed accounts), the nearest to the red line, alerts', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    const body = res.body;
    // 59 accounts: statuses by i % 4 over 0..58 (15 active, 15 drifting, 15 sleeping, 14 zombie).
    expect(body).toMatch(/status-zombie">zombie<\/span><\/a><\/th>\s*<td class="num">14<\/td>/);
    expect(body).toMatch(/status-active">active<\/span><\/a><\/th>\s*<td class="num">15<\/td>/);
    expect(body).toMatch(/Total<\/th><td class="num">59<\/td>/);
    expect(body).toMatch(/<a href="\/accounts\?platform=weibo">weibo<\/a><\/th>\s*<td class="num">29<\/td>/);
    expect(body).toMatch(/<a href="\/accounts\?unit=North">North<\/a><\/th>\s*<td class="num">20<\/td>/);
    expect(body).toContain('Open alerts: 1');
    // Nearest the red line: the most silent first (58 days, 57, …), ten of them.
    const nearest = tableNames(body.slice(body.indexOf('id="nearest"'), body.indexOf('id="alerts"')));
    expect(nearest).toHaveLength(10);
    expect(nearest[0]).toBe('Account 58');
  });

  it('shows a hostile name and post excerpt as text, on the overview, the table and the account page', async () => {
    for (const url of ['/', '/accounts?sort=daysSilent&order=asc', `/accounts/${hostileId}`]) {
      const { body, statusCode } = await get(url);
      expect(statusCode, url).toBe(200);
      expect(body, url).not.toContain('<img src=x');
      expect(body, url).not.toContain('<script>');
      expect(body, url).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
    const table = (await get('/accounts?sort=daysSilent&order=asc')).body;
    expect(table).toContain('&lt;script&gt;alert(&quot;excerpt&quot;)&lt;/script&gt; &amp; more');
    // The text filter's value is shown back escaped too.
    const searched = (await get(`/accounts?q=${encodeURIComponent('"><script>x</script>')}`)).body;
    expect(searched).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(searched).not.toContain('<script>');
  });

  it('filters by status, platform, unit and text, server-side', async () => {
    const zombies = tableNames((await get('/accounts?status=zombie&sort=name')).body);
    expect(zombies).toHaveLength(14);
    expect(zombies[0]).toBe('Account 03');
    const some = tableNames((await get('/accounts?status=sleeping&platform=bilibili&unit=South&sort=name')).body);
    // i % 4 = 2, even, i % 3 = 1: 10, 22, 34, 46, 58.
    expect(some).toEqual(['Account 10', 'Account 22', 'Account 34', 'Account 46', 'Account 58']);
    expect(tableNames((await get('/accounts?q=account%2005')).body)).toEqual(['Account 05']);
    expect((await get('/accounts?status=zombie')).body).toContain('14 matching accounts');
    // The form shows what was asked.
    expect((await get('/accounts?status=zombie')).body).toContain('<option value="zombie" selected>');
    // Unknown values are ignored, not answered with JSON errors.
    expect((await get('/accounts?status=nope&sort=nope&order=sideways&cursor=garbage')).statusCode).toBe(200);
  });

  it('pages by keyset through every account exactly once, keeping the filter', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/accounts?sort=name';
    let pages = 0;
    while (url) {
      const { body } = await get(url);
      seen.push(...tableNames(body));
      pages++;
      url = /<a href="([^"]+)" rel="next">/.exec(body)?.[1]?.replaceAll('&amp;', '&');
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(59);
    expect(new Set(seen).size).toBe(59);
    expect(seen.slice(0, 2)).toEqual(['&lt;img src=x onerror=alert(1)&gt;', 'Account 01'].sort());
    const filtered = (await get('/accounts?status=active&sort=name')).body;
    expect(filtered).not.toContain('rel="next"');
  });

  it('speaks zh-CN with ?lang=zh-CN, and remembers it in a cookie', async () => {
    const { res, body } = await get('/?lang=zh-CN');
    expect(body).toContain('<html lang="zh-CN">');
    expect(body).toContain('按状态统计账号');
    expect(body).toContain('>僵尸<');
    const lang = cookieFrom(res, 'sleepwatch_lang')!;
    expect(lang).toBe('sleepwatch_lang=zh-CN');
    const table = await get('/accounts?status=sleeping', `${session}; ${lang}`);
    expect(table.body).toContain('距红线天数');
    expect(table.body).toContain('<option value="sleeping" selected>睡眠</option>');
    // The language links keep the page's query.
    expect(table.body).toContain('href="/accounts?status=sleeping&amp;lang=en"');
    const signIn = await api.call(null, { method: 'GET', url: '/signin?lang=zh-CN' });
    expect(signIn.body).toContain('API 令牌');
  });

  it('shows an account’s status and reason, and answers 404 for an unknown one', async () => {
    const res = await get(`/accounts/${hostileId}`);
    expect(res.body).toContain('status-active');
    expect((await get('/accounts/999999')).statusCode).toBe(404);
  });

  it('shows a unit’s token its unit only', async () => {
    const unitSession = cookieFrom(await signInThroughForm(api, await api.token('viewer', { unit: 'North' })), 'sleepwatch_session')!;
    const { body } = await get('/', unitSession);
    expect(body).toMatch(/Total<\/th><td class="num">20<\/td>/);
    expect(body).not.toContain('South');
  });
});
