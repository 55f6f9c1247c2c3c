import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_BOOK } from '../activity/policies.ts';
import { judgeAsOf } from './judge-as-of.ts';
import type { HistoryAsOf, RegisteredAccount, StoredLook } from './stored-history.ts';

const ACCOUNT: RegisteredAccount = {
  id: 1,
  platform: 'weibo',
  url: 'https://weibo.com/u/1',
  name: '南京发布',
  displayName: null,
  unit: null,
  region: null,
  group: null,
  policy: null,
  timeZone: 'Asia/Shanghai',
};
const AS_OF = new Date('2026-03-31T16:00:00Z');

const look = (at: string, outcome: string, lastPostAt: string | null = null): StoredLook => ({
  fetchedAt: new Date(at),
  outcome,
  error: outcome === 'ok' ? null : 'HTTP 403',
  postsCount: null,
  lastPostAt: lastPostAt ? new Date(lastPostAt) : null,
  lastPostPrecision: lastPostAt ? 'minute' : null,
  lastPostExcerpt: null,
});
const history = (latestLooks: StoredLook[], latestOk: StoredLook | null, failuresSince = 0): HistoryAsOf => ({
  latestLooks,
  latestOk,
  failuresSince,
  posts: [],
});

describe('judgeAsOf', () => {
  it('is unknown, with no reason, when nobody looked at the account by the check time', () => {
    expect(judgeAsOf(ACCOUNT, history([], null), AS_OF, DEFAULT_POLICY_BOOK)).toEqual({
      status: 'unknown',
      daysSilent: null,
      reason: null,
      lastPostAt: null,
    });
  });

  it('is unknown, never sleeping, when the newest look before the check time failed, though an older one showed a long silence', () => {
    const ok = look('2026-03-01T00:00:00Z', 'ok', '2026-01-01T00:00:00Z');
    const judged = judgeAsOf(ACCOUNT, history([look('2026-03-30T00:00:00Z', 'blocked'), ok], ok, 1), AS_OF, DEFAULT_POLICY_BOOK);
    expect(judged.status).toBe('unknown');
    expect(judged.reason).toMatchObject({ code: 'fetch-failed', consecutiveFailures: 1 });
    expect(judged.lastPostAt).toBe('2026-01-01T08:00:00+08:00');
  });

  it('is closed when the page answered "not found" on the two newest looks', () => {
    const gone = [look('2026-03-30T00:00:00Z', 'not_found'), look('2026-03-29T00:00:00Z', 'not_found')];
    expect(judgeAsOf(ACCOUNT, history(gone, null, 2), AS_OF, DEFAULT_POLICY_BOOK).status).toBe('closed');
  });

  it('counts silence to the check time from the newest post at or before it', () => {
    const ok = look('2026-03-30T00:00:00Z', 'ok', '2026-03-10T00:00:00Z');
    const judged = judgeAsOf(
      ACCOUNT,
      {
        ...history([ok], ok),
        posts: [{ id: 'a', at: new Date('2026-03-12T00:00:00Z'), precision: 'minute', pinned: false, repost: false, excerpt: null }],
      },
      AS_OF,
      DEFAULT_POLICY_BOOK,
    );
    expect(judged).toMatchObject({ status: 'sleeping', daysSilent: 19, lastPostAt: '2026-03-12T08:00:00+08:00' });
  });
});
