import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { BACKENDS } from '../../tests/support/stores.ts';
import type { Account } from '../accounts/account.ts';
import { importAccounts } from '../store/accounts-repository.ts';

interface Page {
  items: Array<{ id: number; name: string; daysToRedLine: number | null; policy: string; status: string }>;
  nextCursor: string | null;
  total?: number;
}

const NOW = Date.now();
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000);
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000);

/**
 * The register the tests read: two units, the default policy (red line 14 days), `strict`
 * (7 days) by group and by the account's own choice, one paused account, one never read,
 * and one removed (which no answer may show).
 */
const REGISTER = {
  alpha: { platform: 'weibo', unit: 'A', region: 'R1', group: null, policy: null, status: 'sleeping', ds: 20, followers: 100, checked: 1 },
  bravo: {
    platform: 'bilibili',
    unit: 'A',
    region: 'R1',
    group: 'fast',
    policy: null,
    status: 'drifting',
    ds: 5,
    followers: 5000,
    checked: 2,
  },
  charlie: { platform: 'weibo', unit: 'B', region: 'R2', group: null, policy: null, status: 'drifting', ds: 12, followers: 50, checked: 3 },
  // Unnamed: listed under the name its page shows.
  delta: { platform: 'bilibili', unit: 'B', region: 'R1', group: null, policy: null, status: 'active', ds: 1, followers: 700, checked: 4 },
  echo: { platform: 'weibo', unit: 'A', region: 'R1', group: null, policy: 'strict', status: 'zombie', ds: 100, followers: 10, checked: 5 },
  foxtrot: {
    platform: 'weibo',
    unit: 'A',
    region: 'R1',
    group: null,
    policy: null,
    status: 'unknown',
    ds: null,
    followers: null,
    checked: null,
  },
  golf: { platform: 'weibo', unit: 'A', region: 'R1', group: null, policy: null, status: 'zombie', ds: 500, followers: 9, checked: 7 },
  hotel: {
    platform: 'bilibili',
    unit: 'B',
    region: 'R1',
    group: null,
    policy: null,
    status: 'closed',
    ds: 30,
    followers: null,
    checked: 8,
  },
} as const;
type Key = keyof typeof REGISTER;

describe.each(BACKENDS)('the accounts API, reading, on %s', (backend) => {
  let api: ApiUnderTest;
  let dir: string;
  const id = {} as Record<Key, number>;
  const get = <T = Page>(url: string, token: string | null = api.tokens.viewer) =>
    api.call(token, { method: 'GET', url }).then((res) => ({ status: res.statusCode, body: res.json<T>() }));
  const names = (page: Page) => page.items.map((a) => a.name);
  /** Every page of a list, following nextCursor. */
  const walk = async (url: string) => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const { status, body }: { status: number; body: Page } = await get(`${url}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status, JSON.stringify(body)).toBe(200);
      seen.push(...body.items.map((a) => a.id));
      cursor = body.nextCursor;
    } while (cursor);
    return seen;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-accounts-api-'));
    const policiesFile = path.join(dir, 'policies.json');
    await writeFile(
      policiesFile,
      JSON.stringify({ policies: { strict: { warnDays: 3, redLineDays: 7, zombieDays: 30 } }, groups: { fast: 'strict' } }),
    );
    api = await openApiUnderTest(backend, { SLEEPWATCH_POLICIES_FILE: policiesFile });
    const db = api.context.store.db;
    const accounts: Account[] = Object.entries(REGISTER).map(([key, a]) => ({
      platform: a.platform,
      url: `https://example.org/${key}-url`,
      name: key === 'delta' ? null : key[0]!.toUpperCase() + key.slice(1),
      unit: a.unit,
      region: a.region,
      group: a.group,
      policy: a.policy,
      intervalMs: 86_400_000,
      timeZone: 'UTC',
      options: {},
    }));
    await importAccounts(db, accounts, new Date(NOW));
    for (const row of await db.selectFrom('accounts').select(['id', 'url']).execute()) {
      id[/example\.org\/(\w+)-url/.exec(row.url)![1] as Key] = row.id;
    }
    for (const [key, a] of Object.entries(REGISTER) as Array<[Key, (typeof REGISTER)[Key]]>) {
      await db
        .updateTable('account_state')
        .set({
          status: a.status,
          days_silent: a.ds,
          followers: a.followers,
          last_post_at: a.ds === null ? null : daysAgo(a.ds),
          last_checked_at: a.checked === null ? null : hoursAgo(a.checked),
          display_name: key === 'delta' ? 'Delta Page' : null,
        })
        .where('account_id', '=', id[key])
        .execute();
    }
    await db.updateTable('accounts').set({ enabled: false }).where('id', '=', id.foxtrot).execute();
    await db
      .updateTable('accounts')
      .set({ removed_at: new Date(NOW) })
      .where('id', '=', id.golf)
      .execute();
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('GET /api/accounts', () => {
    it('lists the registered accounts most silent first, the never-read last, with their total if asked; removed ones never', async () => {
      const { status, body } = await get('/api/accounts?total=true');
      expect(status).toBe(200);
      expect(names(body)).toEqual(['Echo', 'Hotel', 'Alpha', 'Charlie', 'Bravo', 'Delta Page', 'Foxtrot']);
      expect(body.total).toBe(7);
      expect(body.nextCursor).toBeNull();
    });

    it.each([
      ['daysSilent', '', ['Echo', 'Hotel', 'Alpha', 'Charlie', 'Bravo', 'Delta Page', 'Foxtrot']],
      ['daysSilent', 'asc', ['Foxtrot', 'Delta Page', 'Bravo', 'Charlie', 'Alpha', 'Hotel', 'Echo']],
      // Echo by its own policy (7 − 100), Bravo by its group's (7 − 5), the others by the default (14 − days);
      // Bravo and Charlie tie at 2, by id.
      ['daysToRedLine', '', ['Echo', 'Hotel', 'Alpha', 'Bravo', 'Charlie', 'Delta Page', 'Foxtrot']],
      ['name', '', ['Alpha', 'Bravo', 'Charlie', 'Delta Page', 'Echo', 'Foxtrot', 'Hotel']],
      ['name', 'desc', ['Hotel', 'Foxtrot', 'Echo', 'Delta Page', 'Charlie', 'Bravo', 'Alpha']],
      ['status', '', ['Echo', 'Alpha', 'Charlie', 'Bravo', 'Foxtrot', 'Hotel', 'Delta Page']],
      ['lastPostAt', '', ['Delta Page', 'Bravo', 'Charlie', 'Alpha', 'Hotel', 'Echo', 'Foxtrot']],
      // Ties (no count known) by id, in the sort's own order.
      ['followers', '', ['Bravo', 'Delta Page', 'Alpha', 'Charlie', 'Echo', 'Foxtrot', 'Hotel']],
      ['lastCheckedAt', '', ['Alpha', 'Bravo', 'Charlie', 'Delta Page', 'Echo', 'Hotel', 'Foxtrot']],
      ['id', '', ['Alpha', 'Bravo', 'Charlie', 'Delta Page', 'Echo', 'Foxtrot', 'Hotel']],
    ])('sorts by %s %s', async (sort, order, expected) => {
      const { body } = await get(`/api/accounts?sort=${sort}${order ? `&order=${order}` : ''}`);
      expect(names(body)).toEqual(expected);
    });

    it('counts days to the red line by the account’s policy, else its group’s, else the default', async () => {
      const { body } = await get('/api/accounts?sort=daysToRedLine');
      const byName = Object.fromEntries(body.items.map((a) => [a.name, [a.policy, a.daysToRedLine]]));
      expect(byName).toMatchObject({ Echo: ['strict', -93], Bravo: ['strict', 2], Charlie: ['gov-cn', 2], Foxtrot: ['gov-cn', null] });
    });

    it.each(['daysSilent', 'daysToRedLine', 'name', 'status', 'lastPostAt', 'followers', 'lastCheckedAt', 'id'])(
      'pages by %s with cursors through every account exactly once, in the order of one page, either way',
      async (sort) => {
        for (const order of ['asc', 'desc']) {
          const whole = (await get(`/api/accounts?sort=${sort}&order=${order}&limit=500`)).body.items.map((a) => a.id);
          expect(await walk(`/api/accounts?sort=${sort}&order=${order}&limit=2`)).toEqual(whole);
          expect(new Set(whole)).toEqual(new Set(Object.values(id).filter((v) => v !== id.golf)));
          const filtered = `/api/accounts?sort=${sort}&order=${order}&status=drifting,zombie,closed`;
          const wholeFiltered = (await get(`${filtered}&limit=500`)).body.items.map((a) => a.id);
          expect(await walk(`${filtered}&limit=1`)).toEqual(wholeFiltered);
          expect(wholeFiltered).toHaveLength(4);
        }
      },
    );

    it('pages by offset too', async () => {
      const { body } = await get('/api/accounts?offset=2&limit=2');
      expect(names(body)).toEqual(['Alpha', 'Charlie']);
      expect(body.nextCursor).not.toBeNull();
      expect(names((await get('/api/accounts?offset=6&limit=2')).body)).toEqual(['Foxtrot']);
    });

    it.each([
      ['status=drifting', ['Charlie', 'Bravo']],
      ['status=drifting&status=zombie', ['Echo', 'Charlie', 'Bravo']],
      ['status=drifting,zombie', ['Echo', 'Charlie', 'Bravo']],
      ['platform=bilibili', ['Hotel', 'Bravo', 'Delta Page']],
      ['unit=B', ['Hotel', 'Charlie', 'Delta Page']],
      ['region=R2', ['Charlie']],
      ['group=fast', ['Bravo']],
      ['q=DELTA%20p', ['Delta Page']],
      ['q=alph', ['Alpha']],
      ['q=charlie-url', ['Charlie']],
      ['q=%25', []],
      ['paused=true', ['Foxtrot']],
      ['paused=false&unit=A', ['Echo', 'Alpha', 'Bravo']],
      ['status=zombie&unit=B', []],
    ])('filters by %s', async (query, expected) => {
      const { status, body } = await get(`/api/accounts?${query}&total=true`);
      expect(status).toBe(200);
      expect(names(body)).toEqual(expected);
      expect(body.total).toBe(expected.length);
    });

    it('counts every matching account, not only the page, only when asked', async () => {
      const { body } = await get('/api/accounts?status=drifting&limit=1&total=true');
      expect(body).toMatchObject({ total: 2, items: [{ name: 'Charlie' }] });
      expect(body.nextCursor).not.toBeNull();
      expect((await get('/api/accounts')).body).not.toHaveProperty('total');
      expect((await get('/api/accounts?total=false')).body).not.toHaveProperty('total');
    });

    it('shows a unit’s token its unit only', async () => {
      const unitA = await api.token('viewer', { unit: 'A' });
      const { body } = await get('/api/accounts?total=true', unitA);
      expect(names(body)).toEqual(['Echo', 'Alpha', 'Bravo', 'Foxtrot']);
      expect(body.total).toBe(4);
      expect(names((await get('/api/accounts?unit=B', unitA)).body)).toEqual([]);
    });

    it('asks for a token', async () => {
      const { status } = await get('/api/accounts', null);
      expect(status).toBe(401);
    });

    it.each([
      ['limit=0', 'querystring.limit'],
      ['limit=501', 'querystring.limit'],
      ['sort=bogus', 'querystring.sort'],
      ['order=up', 'querystring.order'],
      ['status=asleep', 'querystring.status'],
      ['paused=maybe', 'querystring.paused'],
      ['cursor=not-a-cursor', 'querystring.cursor'],
      ['offset=2&cursor=WyJpZCIsImFzYyIsMV0', 'querystring.offset'],
    ])('answers %s with a 400 naming %s', async (query, field) => {
      const { status, body } = await get<{ error: string; issues: Array<{ field: string }> }>(`/api/accounts?${query}`);
      expect(status).toBe(400);
      expect(body.issues.map((i) => i.field)).toContain(field);
    });

    it('refuses a cursor made for another order', async () => {
      const { body: first } = await get('/api/accounts?limit=2');
      for (const other of ['sort=name', 'order=asc', 'sort=daysToRedLine']) {
        const { status, body } = await get<{ issues: Array<{ field: string }> }>(`/api/accounts?${other}&cursor=${first.nextCursor}`);
        expect(status, other).toBe(400);
        expect(body.issues[0]!.field).toBe('querystring.cursor');
      }
    });
  });

  describe('GET /api/accounts/:id and its history', () => {
    beforeAll(async () => {
      const db = api.context.store.db;
      await db
        .insertInto('observations')
        .values(
          Array.from({ length: 25 }, (_, i) => ({
            account_id: id.alpha,
            round_key: `round-${i}`,
            fetched_at: daysAgo(25 - i),
            outcome: i === 22 ? 'error' : 'ok',
            http_status: i === 22 ? 503 : 200,
            followers: i === 22 ? null : 1000 + i,
            followers_approximate: i % 2 === 0,
            status: 'sleeping',
            days_silent: i,
            reason: `look ${i}`,
            error: i === 22 ? 'server error' : null,
          })),
        )
        .execute();
      await db
        .insertInto('posts')
        .values(
          [5, 1, 3, 2, 4].map((n) => ({
            account_id: id.alpha,
            post_id: `p${n}`,
            at: daysAgo(30 - n),
            precision: 'minute',
            pinned: n === 1,
            repost: n === 2,
            url: `https://example.org/alpha-url/p${n}`,
            excerpt: `post ${n}`,
          })),
        )
        .execute();
    });

    it('shows an account with its 20 latest observations, newest first', async () => {
      const { status, body } = await get<Page['items'][number] & { recentObservations: Array<Record<string, unknown>> }>(
        `/api/accounts/${id.alpha}`,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: id.alpha, name: 'Alpha', status: 'sleeping', daysToRedLine: -6 });
      expect(body.recentObservations).toHaveLength(20);
      expect(body.recentObservations[0]).toMatchObject({ reason: 'look 24', outcome: 'ok', followers: 1024, httpStatus: 200, error: null });
      expect(body.recentObservations[0]!.fetchedAt).toBe(daysAgo(1).toISOString());
      expect(body.recentObservations.find((o) => o.reason === 'look 22')).toMatchObject({
        outcome: 'error',
        error: 'server error',
        httpStatus: 503,
      });
    });

    it('answers 404 for an unknown account, a removed one, and another unit’s', async () => {
      const unitB = await api.token('viewer', { unit: 'B' });
      expect((await get(`/api/accounts/${id.golf}`)).status).toBe(404);
      expect((await get('/api/accounts/999999')).body).toEqual({ error: 'not found' });
      for (const sub of ['', '/observations', '/posts', '/followers']) {
        expect((await get(`/api/accounts/${id.alpha}${sub}`, unitB)).status, sub).toBe(404);
        expect((await get(`/api/accounts/${id.golf}${sub}`)).status, sub).toBe(404);
      }
      expect((await get(`/api/accounts/${id.charlie}`, unitB)).status).toBe(200);
    });

    it.each(['abc', '0', '-3', '1.5'])('answers id %s with a 400 naming params.id', async (bad) => {
      const { status, body } = await get<{ issues: Array<{ field: string }> }>(`/api/accounts/${bad}`);
      expect(status).toBe(400);
      expect(body.issues[0]!.field).toBe('params.id');
    });

    it('pages through the observations newest first, each once', async () => {
      const reasons: string[] = [];
      let cursor: string | null = null;
      do {
        const { body }: { body: { items: Array<{ reason: string }>; nextCursor: string | null } } = await get(
          `/api/accounts/${id.alpha}/observations?limit=10${cursor ? `&cursor=${cursor}` : ''}`,
        );
        reasons.push(...body.items.map((o) => o.reason));
        cursor = body.nextCursor;
      } while (cursor);
      expect(reasons).toEqual(Array.from({ length: 25 }, (_, i) => `look ${24 - i}`));
      expect((await get(`/api/accounts/${id.bravo}/observations`)).body).toEqual({ items: [], nextCursor: null });
    });

    it('pages through the posts newest first', async () => {
      const first = await get<{ items: Array<Record<string, unknown>>; nextCursor: string }>(`/api/accounts/${id.alpha}/posts?limit=2`);
      expect(first.body.items.map((p) => p.postId)).toEqual(['p5', 'p4']);
      expect(first.body.items[0]).toEqual({
        postId: 'p5',
        at: daysAgo(25).toISOString(),
        precision: 'minute',
        pinned: false,
        repost: false,
        url: 'https://example.org/alpha-url/p5',
        excerpt: 'post 5',
      });
      const rest = await get<{ items: Array<{ postId: string }> }>(
        `/api/accounts/${id.alpha}/posts?limit=5&cursor=${first.body.nextCursor}`,
      );
      expect(rest.body.items.map((p) => p.postId)).toEqual(['p3', 'p2', 'p1']);
      const bad = await get<{ issues: Array<{ field: string }> }>(`/api/accounts/${id.alpha}/posts?cursor=xyz`);
      expect(bad.status).toBe(400);
      expect(bad.body.issues[0]!.field).toBe('querystring.cursor');
    });

    it('gives the followers over time, oldest first, only where a look read them, within since and until', async () => {
      type Points = { items: Array<{ at: string; followers: number; approximate: boolean | null }>; nextCursor: string | null };
      const all = await get<Points>(`/api/accounts/${id.alpha}/followers`);
      expect(all.body.items).toHaveLength(24);
      expect(all.body.items[0]).toEqual({ at: daysAgo(25).toISOString(), followers: 1000, approximate: true });
      expect(all.body.items.map((p) => p.followers)).not.toContain(1022);
      const since = encodeURIComponent(daysAgo(10).toISOString());
      const until = encodeURIComponent(daysAgo(5).toISOString());
      const window = await get<Points>(`/api/accounts/${id.alpha}/followers?since=${since}&until=${until}`);
      expect(window.body.items.map((p) => p.followers)).toEqual([1015, 1016, 1017, 1018, 1019, 1020]);
      const paged = await get<Points>(`/api/accounts/${id.alpha}/followers?limit=20`);
      const next = await get<Points>(`/api/accounts/${id.alpha}/followers?limit=20&cursor=${paged.body.nextCursor}`);
      expect([...paged.body.items, ...next.body.items]).toEqual(all.body.items);
      expect((await get(`/api/accounts/${id.alpha}/followers?since=yesterday`)).status).toBe(400);
    });

    it('are described in the OpenAPI document', async () => {
      const { body } = await get<{ paths: Record<string, unknown> }>('/openapi.json', null);
      for (const route of [
        '/api/accounts',
        '/api/accounts/{id}',
        '/api/accounts/{id}/observations',
        '/api/accounts/{id}/posts',
        '/api/accounts/{id}/followers',
      ]) {
        expect(body.paths, route).toHaveProperty([route, 'get']);
      }
    });
  });
});
