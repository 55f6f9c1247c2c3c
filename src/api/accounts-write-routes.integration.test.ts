import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsApiCalls } from '../../tests/support/accounts-api-calls.ts';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { blankObservation } from '../../tests/support/observation.ts';
import { BACKENDS } from '../../tests/support/stores.ts';
import { policyNamed } from '../activity/policies.ts';
import { judge } from '../activity/status.ts';
import { evaluateAlerts } from '../alerts/evaluate-alerts.ts';
import { enqueueDueAccounts } from '../jobs/scheduler.ts';
import { findAccounts, listAccounts } from '../store/accounts-repository.ts';
import { listAlerts, openAlert } from '../store/alerts-repository.ts';
import { recordObservation } from '../store/observations-repository.ts';
import type { AccountView } from './account-view.ts';

const DAY = 86_400_000;

interface ErrorBody {
  error: string;
  issues?: Array<{ line?: number; field?: string; message: string }>;
}

describe.each(BACKENDS)('the accounts API’s write side on %s', (backend) => {
  let api: ApiUnderTest;
  /** An operator and an admin limited to 卫健委. */
  let healthOperator: string;
  let healthAdmin: string;

  const { send, create, importRegister, registered } = accountsApiCalls(() => api);

  beforeAll(async () => {
    api = await openApiUnderTest(backend);
    healthOperator = await api.token('operator', { unit: '卫健委' });
    healthAdmin = await api.token('admin', { unit: '卫健委' });
  }, 60_000);
  afterAll(() => api?.close());

  it('adds an account from a register entry and answers with its view; the same platform and URL again is a conflict', async () => {
    const view = await create({ platform: 'telegram', url: 'https://t.me/s/nanjing', name: '南京发布', unit: '宣传部', interval: '12h' });
    expect(view).toMatchObject({
      platform: 'telegram',
      url: 'https://t.me/s/nanjing',
      name: '南京发布',
      unit: '宣传部',
      intervalSeconds: 43_200,
      timeZone: 'Asia/Shanghai',
      paused: false,
      status: 'unknown',
    });
    const again = await send(api.tokens.operator, 'POST', '/api/accounts', { platform: 'telegram', url: 'https://T.me/s/nanjing/' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error).toBe(`an account with this platform and URL is registered already (account ${view.id})`);
  });

  it('refuses an entry as import refuses a row, naming every field, and adds nothing', async () => {
    const before = await registered();
    const res = await send(api.tokens.operator, 'POST', '/api/accounts', {
      platform: 'telegram',
      url: 'https://t.me/s/wuxi',
      policy: 'no-such-policy',
      interval: 'soon',
      colour: 'red',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorBody>();
    expect(body.error).toBe('the account has 3 problems; nothing was changed');
    expect(body.issues).toEqual([
      { field: 'policy', message: expect.stringMatching(/^unknown policy "no-such-policy"; expected one of /) },
      { field: 'interval', message: 'expected a duration like 30m, 6h or 1d, got "soon"' },
      { field: 'colour', message: expect.stringMatching(/^unknown field; expected one of platform, url, name/) },
    ]);
    const html = await send(api.tokens.operator, 'POST', '/api/accounts', { platform: 'html', url: 'https://example.org/news' });
    expect(html.json<ErrorBody>().issues).toEqual([{ field: 'options.lastPost', message: expect.stringMatching(/required/) }]);
    const loopback = await send(api.tokens.operator, 'POST', '/api/accounts', { platform: 'feed', url: 'http://127.0.0.1/feed.xml' });
    expect(loopback.json<ErrorBody>().issues).toEqual([{ field: 'url', message: expect.stringMatching(/loopback/) }]);
    expect(await registered()).toEqual(before);
  });

  it('changes register fields, validating the account as changed, and keeps platform + URL unique', async () => {
    const a = await create({ platform: 'feed', url: 'https://example.org/a.xml', name: 'A', unit: '宣传部', timezone: 'UTC' });
    await create({ platform: 'feed', url: 'https://example.org/b.xml', name: 'B' });
    const path = `/api/accounts/${a.id}`;
    const bad = await send(api.tokens.operator, 'PATCH', path, { policy: 'no-such-policy', interval: '1m' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().issues?.map((i) => i.field)).toEqual(['policy', 'interval']);
    const changed = await send(api.tokens.operator, 'PATCH', path, { name: 'A（新）', interval: '6h', group: '新闻', timezone: null });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<AccountView>()).toMatchObject({
      id: a.id,
      name: 'A（新）',
      unit: '宣传部',
      group: '新闻',
      intervalSeconds: 21_600,
      timeZone: 'Asia/Shanghai',
    });
    const taken = await send(api.tokens.operator, 'PATCH', path, { url: 'https://EXAMPLE.org/b.xml' });
    expect(taken.statusCode).toBe(409);
    const moved = await send(api.tokens.operator, 'PATCH', path, { url: 'https://example.org/a2.xml' });
    expect(moved.json<AccountView>().url).toBe('https://example.org/a2.xml');
    expect((await send(api.tokens.operator, 'PATCH', '/api/accounts/999999', { name: 'x' })).statusCode).toBe(404);
  });

  it('pauses and resumes an account, idempotently; a paused account is not scheduled, and its alerts not reminded', async () => {
    const a = await create({ platform: 'feed', url: 'https://example.org/paused.xml' });
    const { store, queues } = api.context;
    const reason = { code: 'never-posted' } as const;
    const alert = { key: `empty:${a.id}`, kind: 'empty', severity: 'warning', status: 'empty', platform: 'feed', reason } as const;
    await openAlert(store.db, { ...alert, accountId: a.id, evidence: null }, new Date());
    for (let i = 0; i < 2; i++) {
      const res = await send(api.tokens.operator, 'POST', `/api/accounts/${a.id}/pause`);
      expect(res.statusCode).toBe(200);
      expect(res.json<AccountView>().paused).toBe(true);
    }
    const events = await evaluateAlerts(store.db, { now: new Date(Date.now() + DAY), unreachableAfter: 3, reminderMs: 60_000 });
    expect(events.filter((e) => e.alert.account?.id === a.id)).toEqual([]);
    expect((await listAlerts(store.db, { state: 'open' })).map((x) => x.key)).toContain(`empty:${a.id}`);
    const leaseOf = async () =>
      (await store.db.selectFrom('account_state').select('lease_job').where('account_id', '=', a.id).executeTakeFirstOrThrow()).lease_job;
    await enqueueDueAccounts(store, queues.crawl, { now: new Date(), batchSize: 1000 });
    expect(await leaseOf()).toBeNull();
    for (let i = 0; i < 2; i++) {
      const res = await send(api.tokens.operator, 'POST', `/api/accounts/${a.id}/resume`);
      expect(res.json<AccountView>().paused).toBe(false);
    }
    await enqueueDueAccounts(store, queues.crawl, { now: new Date(), batchSize: 1000 });
    expect(await leaseOf()).not.toBeNull();
    await queues.crawl.obliterate({ force: true });
  });

  it('removes an account with its history kept: out of every list, schedule and alert, back when imported again', async () => {
    const { db } = api.context.store;
    const a = await create({ platform: 'telegram', url: 'https://t.me/s/removed', name: 'Removed', unit: '宣传部' });
    const observation = blankObservation({ platform: 'telegram', url: a.url, fetchedAt: new Date().toISOString(), followers: 7 });
    const earlier = { earlierPosts: [], lastPostAt: null, lastPostPrecision: null, consecutiveFailures: 0, consecutiveNotFound: 0 };
    const judgement = judge(observation, new Date(), policyNamed('gov-cn'), earlier);
    await recordObservation(db, { accountId: a.id, roundKey: 'r1', observation, judgement, nextDueAt: new Date(Date.now() - DAY) });
    const reason = { code: 'never-posted' } as const;
    await openAlert(
      db,
      {
        key: `empty:${a.id}`,
        kind: 'empty',
        severity: 'warning',
        status: 'empty',
        platform: 'telegram',
        accountId: a.id,
        reason,
        evidence: null,
      },
      new Date(),
    );

    expect((await send(api.tokens.operator, 'DELETE', `/api/accounts/${a.id}`)).statusCode).toBe(403);
    const res = await send(api.tokens.admin, 'DELETE', `/api/accounts/${a.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');

    expect(await registered()).not.toContain(a.url);
    expect(await findAccounts(db, a.url)).toEqual([]);
    const alerts = await listAlerts(db);
    expect(alerts.filter((x) => x.account?.id === a.id).map((x) => x.state)).toEqual(['resolved']);
    // Due, with an observation that calls for an alert: still neither scheduled nor alerted.
    await enqueueDueAccounts(api.context.store, api.context.queues.crawl, { now: new Date(), batchSize: 1000 });
    expect(await db.selectFrom('account_state').select('lease_job').where('account_id', '=', a.id).execute()).toEqual([
      { lease_job: null },
    ]);
    const events = await evaluateAlerts(db, { now: new Date(), unreachableAfter: 3, reminderMs: 0 });
    expect(events.filter((e) => e.alert.account?.id === a.id)).toEqual([]);
    for (const action of ['pause', 'resume', 'recrawl']) {
      expect((await send(api.tokens.operator, 'POST', `/api/accounts/${a.id}/${action}`)).statusCode, action).toBe(404);
    }
    expect((await send(api.tokens.admin, 'DELETE', `/api/accounts/${a.id}`)).statusCode).toBe(404);
    const kept = await db.selectFrom('observations').select('followers').where('account_id', '=', a.id).execute();
    expect(kept).toEqual([{ followers: 7 }]);

    const back = await importRegister(`platform,url,name,unit\ntelegram,${a.url},Removed,宣传部\n`, 'text/csv');
    expect(back.json()).toEqual({ added: 1, updated: 0, unchanged: 0, dryRun: false });
    const [restored] = await findAccounts(db, a.url);
    expect(restored).toMatchObject({ id: a.id, enabled: true, removed_at: null });
    expect(restored!.next_due_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await db.selectFrom('observations').select('followers').where('account_id', '=', a.id).execute()).toEqual(kept);
    await api.context.queues.crawl.obliterate({ force: true });
  });

  it('purges an account with everything recorded about it', async () => {
    const { db } = api.context.store;
    const a = await create({ platform: 'telegram', url: 'https://t.me/s/purged' });
    const res = await send(api.tokens.admin, 'DELETE', `/api/accounts/${a.id}?history=purge`);
    expect(res.statusCode).toBe(204);
    expect(await db.selectFrom('accounts').select('id').where('id', '=', a.id).execute()).toEqual([]);
    expect(await db.selectFrom('account_state').select('account_id').where('account_id', '=', a.id).execute()).toEqual([]);
    expect((await send(api.tokens.admin, 'DELETE', `/api/accounts/${a.id}?history=forget`)).statusCode).toBe(400);
  });

  it('refuses every write to a viewer (403) and to a request without a token (401)', async () => {
    const [account] = await listAccounts(api.context.store.db);
    const writes: Array<[InjectOptions['method'], string]> = [
      ['POST', '/api/accounts'],
      ['PATCH', `/api/accounts/${account!.id}`],
      ['POST', `/api/accounts/${account!.id}/pause`],
      ['POST', `/api/accounts/${account!.id}/resume`],
      ['DELETE', `/api/accounts/${account!.id}`],
      ['POST', '/api/accounts/import'],
      ['POST', `/api/accounts/${account!.id}/recrawl`],
    ];
    for (const [method, url] of writes) {
      expect((await send(api.tokens.viewer, method, url, {})).statusCode, `${method} ${url}`).toBe(403);
      expect((await send(null, method, url, {})).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await send(null, 'GET', '/api/accounts/export')).statusCode).toBe(401);
  });

  it('keeps a unit’s token to its unit: others’ accounts are absent (404); it writes none outside it (400 naming unit)', async () => {
    const other = await create({ platform: 'feed', url: 'https://example.org/propaganda.xml', unit: '宣传部' });
    for (const [method, url, body] of [
      ['PATCH', `/api/accounts/${other.id}`, { name: 'mine' }],
      ['POST', `/api/accounts/${other.id}/pause`, undefined],
      ['POST', `/api/accounts/${other.id}/resume`, undefined],
      ['POST', `/api/accounts/${other.id}/recrawl`, undefined],
    ] as const) {
      const res = await send(healthOperator, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json()).toEqual({ error: 'not found' });
    }
    expect((await send(healthAdmin, 'DELETE', `/api/accounts/${other.id}`)).statusCode).toBe(404);

    const elsewhere = await send(healthOperator, 'POST', '/api/accounts', {
      platform: 'feed',
      url: 'https://example.org/h.xml',
      unit: '宣传部',
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json<ErrorBody>().issues).toEqual([{ field: 'unit', message: expect.stringContaining('"卫健委"') }]);
    const own = await create({ platform: 'feed', url: 'https://example.org/health.xml', unit: '卫健委' }, healthOperator);
    const leaving = await send(healthOperator, 'PATCH', `/api/accounts/${own.id}`, { unit: '宣传部' });
    expect(leaving.json<ErrorBody>().issues?.map((i) => i.field)).toEqual(['unit']);
    expect((await send(healthOperator, 'POST', `/api/accounts/${own.id}/pause`)).json<AccountView>().paused).toBe(true);

    const register = [
      'platform,url,unit',
      'feed,https://example.org/health2.xml,卫健委',
      'feed,https://example.org/x.xml,宣传部',
      `feed,${other.url},卫健委`,
      '',
    ].join('\n');
    const res = await importRegister(register, 'text/csv', '', healthOperator);
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().issues).toEqual([
      { line: 3, field: 'unit', message: expect.stringContaining('"卫健委"') },
      { line: 4, field: 'url', message: 'this account is registered to another unit' },
    ]);

    const exported = await send(healthOperator, 'GET', '/api/accounts/export?format=json');
    expect(exported.json<{ accounts: Array<{ url: string }> }>().accounts.map((a) => a.url)).toEqual([own.url]);
  });

  it('describes every route it adds in the OpenAPI document', async () => {
    const doc = (await send(null, 'GET', '/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/api/accounts/{id}'] ?? {}).sort()).toEqual(expect.arrayContaining(['delete', 'patch']));
    for (const path of [
      '/api/accounts',
      '/api/accounts/import',
      '/api/accounts/export',
      '/api/accounts/{id}/recrawl',
      '/api/accounts/{id}/pause',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
