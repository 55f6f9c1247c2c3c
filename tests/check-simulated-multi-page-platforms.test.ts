import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow } from '../src/check/check-row.ts';
import type { Outcome } from '../src/domain/observation.ts';
import type { AccountsFileEntry } from '../src/fake-platforms/accounts-file.ts';
import { FAULT_MODES, faultHidesStatus, type FaultMode } from '../src/fake-platforms/faults.ts';
import { statusForSilence, type FakeAccount, type FakePlatform, type FakeVariant } from '../src/fake-platforms/population.ts';
import { fakeAccount } from './support/fake-account.ts';
import { checkSimulated, unexpectedStatuses, type SimulatedCheck } from './support/check-simulated.ts';

/**
 * The platforms a look reads in more than one page (an API's profile then its posts, a channel
 * page then its feed, an article then the account's history), read by their real adapters from
 * the simulated platforms: every activity level, every fault.
 */
const SHAPES: Array<{ platform: FakePlatform; variant?: FakeVariant }> = [
  { platform: 'bluesky' },
  { platform: 'youtube' },
  { platform: 'wechat', variant: 'article' },
  { platform: 'wechat', variant: 'history' },
  { platform: 'weibo' },
  { platform: 'bilibili' },
];

/** Silences well clear of the 10/14/90-day lines, and an account that never posted. */
const SILENCES: Array<number | null> = [2.5, 12, 30, 200, null];

/** What each platform's refusals read as. WeChat says a closed account is blocked, not gone: its notice names no account. */
const REFUSALS: Record<string, Partial<Record<FaultMode, Outcome>>> = {
  bluesky: { captcha: 'blocked', 'login-wall': 'blocked', 'rate-limited': 'blocked', 'not-found': 'not_found' },
  youtube: { captcha: 'blocked', 'login-wall': 'blocked', 'rate-limited': 'blocked', 'not-found': 'not_found' },
  wechat: { captcha: 'blocked', 'login-wall': 'blocked', 'rate-limited': 'blocked', 'not-found': 'blocked' },
  weibo: { captcha: 'blocked', 'login-wall': 'blocked', 'rate-limited': 'blocked', 'not-found': 'not_found' },
  bilibili: { captcha: 'blocked', 'login-wall': 'blocked', 'rate-limited': 'blocked', 'not-found': 'not_found' },
};

/**
 * Platforms whose adapter finds its data in a hostile page without walking the nesting: YouTube
 * reads the `ytInitialData` assignment as text, so the channel page buried under 170,000
 * elements is read all the same (its feed is refused) and the status is the real one.
 */
const READ_THROUGH_NESTING: ReadonlySet<FakePlatform> = new Set(['youtube']);

const tagOf = (shape: { platform: FakePlatform; variant?: FakeVariant }) => `${shape.platform}-${shape.variant ?? 'main'}`;

function population(): FakeAccount[] {
  const accounts: FakeAccount[] = [];
  for (const shape of SHAPES) {
    const tag = tagOf(shape);
    for (const silenceDays of SILENCES) {
      // An account that never posted has no article to register it by.
      if (silenceDays === null && shape.variant === 'article') continue;
      accounts.push(
        fakeAccount({
          key: `${tag}-s${silenceDays ?? 'never'}`.replace('.', '_'),
          ...shape,
          silenceDays,
          // Half the accounts write in English: the platforms print counts and ages in the account's language.
          ...(SILENCES.indexOf(silenceDays) % 2 === 1 ? { displayName: `Harbour Office ${tag}` } : {}),
          pinnedOld: silenceDays !== null,
          postCount: silenceDays === null ? 0 : 40,
          expectedStatus: statusForSilence(silenceDays),
        }),
      );
    }
    for (const fault of FAULT_MODES) {
      const readable = !faultHidesStatus(fault) || (fault === 'hostile' && READ_THROUGH_NESTING.has(shape.platform));
      accounts.push(
        fakeAccount({
          key: `${tag}-${fault}`,
          ...shape,
          silenceDays: 30,
          fault,
          expectedStatus: readable ? statusForSilence(30) : 'unknown',
        }),
      );
    }
  }
  return accounts;
}

const accounts = population();

describe('check against the simulated multi-page platforms (each shape × each activity level × each fault)', () => {
  const now = new Date('2026-05-20T09:00:00+08:00');
  let check: SimulatedCheck;
  let rows: CheckRow[];
  let entries: AccountsFileEntry[];

  beforeAll(async () => {
    check = await checkSimulated(accounts, now);
    ({ rows, entries } = check);
  }, 120_000);

  afterAll(async () => check?.close());

  it('gives every account the status its simulated activity implies', () => {
    expect(unexpectedStatuses(check)).toEqual([]);
  });

  it('reads the newest post across pages, not the pinned old one on top', () => {
    const active = rows.filter((_, i) => accounts[i]!.key.endsWith('-s2_5'));
    expect(active).toHaveLength(SHAPES.length);
    for (const row of active) expect(row.daysSilent).toBeLessThanOrEqual(3);
  });

  it.each(FAULT_MODES.filter((f) => faultHidesStatus(f)))('never reports silence for an account with fault "%s"', (fault: FaultMode) => {
    const faulted = rows.filter(
      (_, i) => entries[i]!.fault === fault && !(fault === 'hostile' && READ_THROUGH_NESTING.has(accounts[i]!.platform)),
    );
    expect(faulted).toHaveLength(SHAPES.filter((shape) => fault !== 'hostile' || !READ_THROUGH_NESTING.has(shape.platform)).length);
    for (const row of faulted) {
      expect(row.status).toBe('unknown');
      expect(row.outcome).not.toBe('ok');
      expect(row.reason).not.toBe('');
    }
  });

  it('reads through slowness and a single 5xx on each page (retry) to the real status', () => {
    const recovered = rows.filter((_, i) => entries[i]!.fault === 'slow' || entries[i]!.fault === 'flaky');
    expect(recovered).toHaveLength(SHAPES.length * 2);
    expect(recovered.every((r) => r.status === 'sleeping' && r.outcome === 'ok')).toBe(true);
  });

  it('tells refusals and missing accounts apart as each platform says them', () => {
    const got = Object.fromEntries(
      SHAPES.map((shape) => [
        tagOf(shape),
        Object.fromEntries(
          Object.keys(REFUSALS[shape.platform] ?? {}).map((fault) => [
            fault,
            rows.find((_, i) => accounts[i]!.key === `${tagOf(shape)}-${fault}`)?.outcome,
          ]),
        ),
      ]),
    );
    expect(got).toEqual(Object.fromEntries(SHAPES.map((shape) => [tagOf(shape), REFUSALS[shape.platform]])));
  });
});
