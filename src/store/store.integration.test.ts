import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../accounts/account.ts';
import type { Judgement } from '../activity/status.ts';
import type { Observation, ObservedPost } from '../domain/observation.ts';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { accountsForRounds, findAccounts, importAccounts, listAccounts } from './accounts-repository.ts';
import { accountHistory, POSTS_KEPT_PER_ACCOUNT, recordObservation, recordObservations } from './observations-repository.ts';
import { StoreBatcher } from './store-batcher.ts';
import { openAlertsFor, type AlertDraft } from './alerts-repository.ts';

const now = new Date('2026-05-20T01:00:00Z');

function account(url: string, overrides: Partial<Account> = {}): Account {
  return {
    platform: 'telegram',
    url,
    name: url.split('/').at(-1) ?? url,
    unit: '市委宣传部',
    region: '南京',
    group: 'gov',
    policy: 'gov-cn',
    intervalMs: 24 * 3600 * 1000,
    timeZone: 'Asia/Shanghai',
    options: {},
    ...overrides,
  };
}

function observation(overrides: Partial<Observation> = {}): Observation {
  return {
    platform: 'telegram',
    url: 'https://t.me/s/nanjing',
    fetchedAt: now.toISOString(),
    outcome: 'ok',
    httpStatus: 200,
    displayName: '南京发布',
    followers: 3_000_000_000,
    followersApproximate: true,
    postsCount: null,
    lastPostAt: '2026-05-18T10:00:00+00:00',
    lastPostPrecision: 'second',
    lastPostUrl: 'https://t.me/nanjing/9',
    lastPostExcerpt: '今日发布',
    posts: [],
    error: null,
    parseFailed: false,
    ...overrides,
  };
}

const judged = (status: Judgement['status'], daysSilent: number | null = 1): Judgement => ({
  status,
  daysSilent,
  silentSince: null,
  reason: { code: 'no-post-time' },
  reasonText: `${status} for the test`,
});
const post = (i: number): ObservedPost => ({
  id: `p${i}`,
  at: new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString(),
  precision: 'second',
  pinned: false,
  repost: false,
});

describe.each(BACKENDS)('store on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('imports accounts, due at once, and updates rather than duplicates on re-import', async () => {
    const first = await importAccounts(t.store.db, [account('https://t.me/nanjing'), account('https://t.me/suzhou')], now);
    expect(first).toEqual({ added: 2, updated: 0, unchanged: 0 });
    // Same accounts written differently (host case, trailing slash), one renamed.
    const again = await importAccounts(
      t.store.db,
      [account('https://T.me/nanjing/', { name: '南京发布' }), account('https://t.me/suzhou')],
      now,
    );
    expect(again).toEqual({ added: 0, updated: 1, unchanged: 1 });
    const rows = await listAccounts(t.store.db);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ name: '南京发布', status: 'unknown', consecutive_failures: 0 });
    expect(rows[0]!.next_due_at.getTime()).toBe(now.getTime());
    expect(typeof rows[0]!.id).toBe('number');
  });

  it('imports a register of more accounts than one statement writes, an account given twice ending as its later entry says', async () => {
    const many = Array.from({ length: 1201 }, (_, i) => account(`https://t.me/many${i}`));
    const twice = [account('https://t.me/many7', { name: 'first' }), account('https://t.me/many7', { name: 'second' })];
    expect(await importAccounts(t.store.db, [...many, ...twice], now)).toEqual({ added: 1201, updated: 2, unchanged: 0 });
    const rows = (await listAccounts(t.store.db)).filter((r) => r.url.includes('/many'));
    expect(rows).toHaveLength(1201);
    expect(rows.find((r) => r.url.endsWith('/many7'))?.name).toBe('second');
    expect(rows.every((r) => r.status === 'unknown' && r.next_due_at.getTime() === now.getTime())).toBe(true);
  });

  it('rolls an import back entirely when any account fails to apply', async () => {
    const before = await listAccounts(t.store.db);
    const broken = account('https://t.me/broken', { platform: null as unknown as string });
    await expect(importAccounts(t.store.db, [account('https://t.me/wuxi'), broken], now)).rejects.toThrow();
    expect(await listAccounts(t.store.db)).toHaveLength(before.length);
  });

  it('counts a re-imported account as updated only when an imported column changed, and leaves an unchanged one untouched', async () => {
    const register = [account('https://t.me/steady'), account('https://t.me/tuned', { options: { a: 1, b: [2] } })];
    expect(await importAccounts(t.store.db, register, now)).toEqual({ added: 2, updated: 0, unchanged: 0 });
    const later = new Date(now.getTime() + 3_600_000);
    const updatedAt = async () =>
      (
        (await t.store.db.selectFrom('accounts').select(['url', 'updated_at']).where('url', 'like', '%/steady').executeTakeFirstOrThrow())
          .updated_at as unknown as Date
      ).getTime();
    const before = await updatedAt();
    // The same options written in another key order are the same options.
    const again = [register[0]!, { ...register[1]!, options: { b: [2], a: 1 } }];
    expect(await importAccounts(t.store.db, again, later)).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(await updatedAt()).toBe(before);
    const changes: Array<Partial<Account>> = [
      { intervalMs: 6 * 3_600_000 },
      { unit: null },
      { name: null },
      { policy: null },
      { options: { a: 2 } },
      { access: 'city-office' },
    ];
    for (const change of changes) {
      const changed: Account = { ...register[0]!, ...change };
      expect(await importAccounts(t.store.db, [changed, register[1]!], later), JSON.stringify(change)).toEqual({
        added: 0,
        updated: 1,
        unchanged: 1,
      });
      expect(await updatedAt()).toBe(later.getTime());
      await importAccounts(t.store.db, [register[0]!], now);
    }
  });

  it("keeps an account's access profile by name only, and gives it to the crawl job that reads the account", async () => {
    await importAccounts(t.store.db, [account('https://t.me/s/profiled', { access: 'city-office' }), account('https://t.me/s/plain')], now);
    const rows = await t.store.db.selectFrom('accounts').select(['id', 'url', 'access']).where('url', 'like', '%/s/p%').execute();
    const byUrl = Object.fromEntries(rows.map((r) => [r.url, r]));
    expect([byUrl['https://t.me/s/profiled']?.access, byUrl['https://t.me/s/plain']?.access]).toEqual(['city-office', null]);
    const [read] = await accountsForRounds(t.store.db, [{ accountId: byUrl['https://t.me/s/profiled']!.id, roundKey: 'profiled-1' }]);
    expect(read?.access).toBe('city-office');
  });

  it('shows an unnamed account under the name its page showed last, and a named one under its own', async () => {
    await importAccounts(
      t.store.db,
      [account('https://t.me/s/unnamed', { name: null }), account('https://t.me/s/named', { name: 'named' })],
      now,
    );
    const find = async (suffix: string) => (await listAccounts(t.store.db)).find((a) => a.url.endsWith(suffix))!;
    expect(await find('/unnamed')).toMatchObject({ name: null, display_name: null });
    for (const suffix of ['/unnamed', '/named']) {
      const { id } = await find(suffix);
      await recordObservation(t.store.db, {
        accountId: id,
        roundKey: 'named-1',
        observation: observation({ displayName: '南京发布' }),
        judgement: judged('active'),
        nextDueAt: now,
      });
      // A look that read no name (a failed one) keeps the name read before.
      await recordObservation(t.store.db, {
        accountId: id,
        roundKey: 'named-2',
        observation: observation({ displayName: null, outcome: 'error' }),
        judgement: judged('unknown'),
        nextDueAt: now,
      });
    }
    expect(await find('/unnamed')).toMatchObject({ name: null, display_name: '南京发布' });
    expect(await find('/named')).toMatchObject({ name: 'named', display_name: '南京发布' });
    const drafts = await Promise.all(
      ['/unnamed', '/named'].map(async (suffix): Promise<AlertDraft> => {
        const { id } = await find(suffix);
        return {
          key: `silence:${id}`,
          kind: 'silence',
          severity: 'critical',
          status: 'sleeping',
          platform: 'telegram',
          accountId: id,
          reason: { code: 'no-post-time' },
          evidence: null,
        };
      }),
    );
    expect((await openAlertsFor(t.store.db, drafts, now)).map((e) => e.alert.account?.name)).toEqual(['南京发布', 'named']);
  });

  it('finds an account by id or by its registered URL', async () => {
    const [first] = await listAccounts(t.store.db);
    expect((await findAccounts(t.store.db, String(first!.id))).map((a) => a.url)).toEqual([first!.url]);
    expect((await findAccounts(t.store.db, first!.url)).map((a) => a.id)).toEqual([first!.id]);
    expect(await findAccounts(t.store.db, '999999')).toEqual([]);
  });

  it('finds an account by its URL as import matches it: host case and a trailing slash do not matter', async () => {
    await importAccounts(t.store.db, [account('https://t.me/matched')], now);
    const [registered] = await findAccounts(t.store.db, 'https://t.me/matched');
    expect((await findAccounts(t.store.db, 'https://T.ME/matched/')).map((a) => a.id)).toEqual([registered!.id]);
    expect(await findAccounts(t.store.db, 'https://t.me/matched/other')).toEqual([]);
    expect(await findAccounts(t.store.db, 'not a url')).toEqual([]);
  });

  it('records an observation once per round, however often the round is retried', async () => {
    const [acct] = await listAccounts(t.store.db);
    const record = {
      accountId: acct!.id,
      roundKey: 'round-1',
      observation: observation({ posts: [post(1), post(2)] }),
      judgement: judged('active'),
      nextDueAt: new Date(now.getTime() + 86_400_000),
    };
    expect(await recordObservation(t.store.db, record)).toEqual({ recorded: true });
    expect(await recordObservation(t.store.db, record)).toEqual({ recorded: false });
    const history = await accountHistory(t.store.db, acct!.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: 'active', followers: 3_000_000_000, outcome: 'ok' });
    const [state] = await findAccounts(t.store.db, String(acct!.id));
    expect(state).toMatchObject({ status: 'active', followers: 3_000_000_000, last_outcome: 'ok', consecutive_failures: 0 });
    expect(state!.next_due_at.getTime()).toBe(now.getTime() + 86_400_000);
  });

  it('keeps the last known post time and counts failures when a look fails', async () => {
    const [acct] = await listAccounts(t.store.db);
    for (const round of ['round-2', 'round-3']) {
      await recordObservation(t.store.db, {
        accountId: acct!.id,
        roundKey: round,
        observation: observation({ outcome: 'blocked', followers: null, lastPostAt: null, lastPostPrecision: null, error: 'HTTP 403' }),
        judgement: judged('unknown', null),
        nextDueAt: now,
      });
    }
    const [state] = await findAccounts(t.store.db, String(acct!.id));
    expect(state).toMatchObject({ status: 'unknown', consecutive_failures: 2, last_outcome: 'blocked', followers: 3_000_000_000 });
    expect(state!.last_post_at?.toISOString()).toBe('2026-05-18T10:00:00.000Z');
    expect(state!.status_since.getTime()).toBe(now.getTime());
  });

  it('keeps at most the newest posts per account, updating ones seen before', async () => {
    const [, acct] = await listAccounts(t.store.db);
    const many = Array.from({ length: POSTS_KEPT_PER_ACCOUNT + 30 }, (_, i) => post(i));
    await recordObservation(t.store.db, {
      accountId: acct!.id,
      roundKey: 'r1',
      observation: observation({ posts: many }),
      judgement: judged('active'),
      nextDueAt: now,
    });
    await recordObservation(t.store.db, {
      accountId: acct!.id,
      roundKey: 'r2',
      observation: observation({ posts: [{ ...post(229), pinned: true }] }),
      judgement: judged('active'),
      nextDueAt: now,
    });
    const kept = await t.store.db.selectFrom('posts').selectAll().where('account_id', '=', acct!.id).orderBy('at').execute();
    expect(kept).toHaveLength(POSTS_KEPT_PER_ACCOUNT);
    expect(kept[0]!.post_id).toBe('p30');
    expect(kept.at(-1)).toMatchObject({ post_id: 'p229', pinned: true });
  });

  it('writes again only the posts that changed since the last round', async () => {
    await importAccounts(t.store.db, [account('https://t.me/rewrites')], now);
    const acct = (await listAccounts(t.store.db)).find((a) => a.url.endsWith('/rewrites'))!;
    const record = (roundKey: string, posts: ObservedPost[]) =>
      recordObservation(t.store.db, {
        accountId: acct.id,
        roundKey,
        observation: observation({ posts }),
        judgement: judged('active'),
        nextDueAt: now,
      });
    // A row's xmin is the transaction that last wrote it.
    const writtenBy = async () =>
      new Map(
        (
          await sql<{ post_id: string; xmin: string }>`select post_id, xmin::text as xmin from posts where account_id = ${acct.id}`.execute(
            t.store.db,
          )
        ).rows.map((r) => [r.post_id, r.xmin]),
      );
    await record('w1', [post(1), post(2), post(3)]);
    const first = await writtenBy();
    await record('w2', [post(1), { ...post(2), pinned: true }, post(3), post(4)]);
    const second = await writtenBy();
    expect([...second.keys()].sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(second.get('p1')).toBe(first.get('p1'));
    expect(second.get('p3')).toBe(first.get('p3'));
    expect(second.get('p2')).not.toBe(first.get('p2'));
    expect(second.get('p4')).toBe(second.get('p2'));
  });

  it('records many accounts in one statement, each as if alone, and refuses an account twice in one batch', async () => {
    await importAccounts(t.store.db, [account('https://t.me/batch-a'), account('https://t.me/batch-b')], now);
    const accounts = (await listAccounts(t.store.db)).filter((a) => a.url.includes('batch-'));
    const records = accounts.map((a, i) => ({
      accountId: a.id,
      roundKey: 'batch-1',
      observation: observation({ posts: [post(i)] }),
      judgement: judged('active'),
      nextDueAt: now,
    }));
    expect(await recordObservations(t.store.db, records)).toEqual([{ recorded: true }, { recorded: true }]);
    // Retried together with a new round of another account: only the new one is written.
    const [first] = records;
    expect(await recordObservations(t.store.db, [first!, { ...first!, accountId: accounts[1]!.id, roundKey: 'batch-2' }])).toEqual([
      { recorded: false },
      { recorded: true },
    ]);
    for (const a of accounts) expect((await accountHistory(t.store.db, a.id)).length).toBe(a.id === accounts[1]!.id ? 2 : 1);
    await expect(recordObservations(t.store.db, [first!, { ...first!, roundKey: 'batch-3' }])).rejects.toThrow(/twice/);
  });

  it('runs the batched statements of every sweep as prepared statements', async () => {
    await importAccounts(t.store.db, [account('https://t.me/prepared-a')], now);
    const a = (await listAccounts(t.store.db)).find((x) => x.url.endsWith('/prepared-a'));
    // pg_prepared_statements shows the statements of the asking connection (the pool hands back the one just used);
    // on PGlite, of every connection, since they share one session.
    const preparedLike = async (like: string) =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from pg_prepared_statements where name like 'sleepwatch%' and statement like ${like}`.execute(
          t.store.db,
        )
      ).rows[0]!.n;
    await accountsForRounds(t.store.db, [{ accountId: a!.id, roundKey: 'prepared-1' }]);
    expect(await preparedLike('%left join account_state s on s.account_id = a.id%')).toBeGreaterThanOrEqual(1);
    await recordObservations(t.store.db, [
      { accountId: a!.id, roundKey: 'prepared-1', observation: observation(), judgement: judged('active'), nextDueAt: now },
    ]);
    expect(await preparedLike('%insert into observations%')).toBeGreaterThanOrEqual(1);
  });

  it('gathers concurrent jobs into batches, and still records two rounds of one account', async () => {
    const batcher = new StoreBatcher(t.store);
    const [a, b] = (await listAccounts(t.store.db)).filter((x) => x.url.includes('batch-'));
    const rounds = [
      { accountId: a!.id, roundKey: 'gather-1' },
      { accountId: a!.id, roundKey: 'gather-2' },
      { accountId: b!.id, roundKey: 'gather-1' },
    ];
    const read = await Promise.all(rounds.map((r) => batcher.accountForRound(r.accountId, r.roundKey)));
    expect(read.map((r) => [r?.id, r?.done_status])).toEqual([
      [a!.id, null],
      [a!.id, null],
      [b!.id, null],
    ]);
    const written = await Promise.all(
      rounds.map((r) => batcher.recordObservation({ ...r, observation: observation(), judgement: judged('active'), nextDueAt: now })),
    );
    expect(written).toEqual([{ recorded: true }, { recorded: true }, { recorded: true }]);
    expect((await batcher.accountForRound(a!.id, 'gather-2'))?.done_status).toBe('active');
  });

  it('reads accounts for their rounds still after a migration adds a column, as a process of the version before does', async () => {
    await importAccounts(t.store.db, [account('https://t.me/migrating')], now);
    const a = (await listAccounts(t.store.db)).find((r) => r.url.endsWith('/migrating'))!;
    const read = async () => (await accountsForRounds(t.store.db, [{ accountId: a.id, roundKey: 'after-migration' }]))[0]?.id;
    expect(await read()).toBe(a.id);
    await sql`alter table accounts add column added_later int`.execute(t.store.db);
    try {
      expect(await read()).toBe(a.id);
    } finally {
      await sql`alter table accounts drop column added_later`.execute(t.store.db);
    }
  });

  it('opens alerts in bulk beyond one statement, each once, with its event in the order asked', async () => {
    const accounts = Array.from({ length: 1201 }, (_, i) => account(`https://t.me/bulk-alert-${i}`));
    await importAccounts(t.store.db, accounts, now);
    const ids = (await listAccounts(t.store.db)).filter((a) => a.url.includes('bulk-alert-')).map((a) => a.id);
    const draft = (accountId: number): AlertDraft => ({
      key: `silence:${accountId}`,
      kind: 'silence',
      severity: 'critical',
      status: 'sleeping',
      platform: 'telegram',
      accountId,
      reason: { code: 'no-post-time' },
      evidence: null,
    });
    const firstHalf = ids.slice(0, 600).map(draft);
    expect((await openAlertsFor(t.store.db, firstHalf, now)).map((e) => e.alert.account?.id)).toEqual(ids.slice(0, 600));
    // Reversed, and with the first half already open: only the new ones open, in the order given.
    const events = await openAlertsFor(t.store.db, ids.map(draft).reverse(), now);
    expect(events.map((e) => e.alert.account?.id)).toEqual(ids.slice(600).reverse());
    expect(events.every((e) => e.type === 'opened' && e.alert.state === 'open' && e.alert.account!.name.startsWith('bulk-alert-'))).toBe(
      true,
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  }, 60_000);

  it('keeps everything when opened again, and migrating twice changes nothing', async () => {
    const count = (await listAccounts(t.store.db)).length;
    const reopened = await t.reopen();
    expect(await listAccounts(reopened.db)).toHaveLength(count);
  }, 60_000);

  it('lets a second process work on the same database (the embedded one through its owner’s socket)', async () => {
    const second = await t.openSecond();
    try {
      expect(second.embedded).toBe(backend === 'pglite' ? 'attached' : false);
      await importAccounts(second.db, [account('https://t.me/changzhou')], now);
      expect(await listAccounts(t.store.db)).toHaveLength((await listAccounts(second.db)).length);
    } finally {
      await second.close();
    }
    // The owner still works after the second process left.
    expect((await listAccounts(t.store.db)).length).toBeGreaterThan(0);
  }, 60_000);
});
