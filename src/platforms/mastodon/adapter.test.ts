import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, PageMismatchError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import type { FetchedPage, ParseContext } from '../adapter.ts';
import { okObservation, parsePage } from '../parse-page.ts';
import { mastodon } from './adapter.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const NOW = new Date('2025-07-20T00:00:00Z');
const LOOKUP_URL = 'https://social.example/api/v1/accounts/lookup?acct=weather';
const STATUSES_URL = 'https://social.example/api/v1/accounts/109871234/statuses?limit=20&exclude_replies=false';

function page(body: string, url = LOOKUP_URL): FetchedPage {
  return { url, status: 200, contentType: 'application/json', body };
}

function ctx(previous?: PageFacts): ParseContext<Record<string, never>> {
  return { now: NOW, timeZone: 'Asia/Shanghai', options: {}, ...(previous ? { previous } : {}) };
}

/** Runs the two-page flow the crawler runs: account, then statuses with the account's facts. */
function observeAccountThenStatuses(accountBody: string, statusesBody: string) {
  const first = mastodon.parse(page(accountBody), ctx());
  expect(first.next?.url).toBe(STATUSES_URL);
  const second = mastodon.parse(page(statusesBody, STATUSES_URL), ctx(first.facts));
  return okObservation({ platform: 'mastodon', url: LOOKUP_URL, fetchedAt: NOW, httpStatus: 200 }, second.facts);
}

describe('mastodon.firstRequest', () => {
  it.each([
    ['https://social.example/@weather', 'https://social.example/api/v1/accounts/lookup?acct=weather'],
    ['https://social.example/users/weather', 'https://social.example/api/v1/accounts/lookup?acct=weather'],
    ['https://social.example/@weather/', 'https://social.example/api/v1/accounts/lookup?acct=weather'],
    ['https://social.example/@weather/114829500000000002', 'https://social.example/api/v1/accounts/lookup?acct=weather'],
    ['https://social.example/@rescue@other.example', 'https://social.example/api/v1/accounts/lookup?acct=rescue%40other.example'],
    ['http://127.0.0.1:8080/@weather', 'http://127.0.0.1:8080/api/v1/accounts/lookup?acct=weather'],
    ['https://social.example/api/v1/accounts/109871234', 'https://social.example/api/v1/accounts/109871234'],
  ])('asks the accounts API on the same origin for %s, falling back to the URL itself on 404', (accountUrl, apiUrl) => {
    const request = mastodon.firstRequest(accountUrl, {});
    expect(request).toMatchObject({ url: apiUrl, accept: 'application/json' });
    expect(request.fallbackUrl).toBe(apiUrl === accountUrl ? undefined : accountUrl);
  });

  it.each([
    'https://social.example/about',
    'https://social.example/',
    'http://127.0.0.1:8000/saved/account.json',
    'https://m.example/@-bad-',
  ])('fetches %s as given: not a profile URL, so a proxy route or a saved API answer', (url) => {
    expect(mastodon.firstRequest(url, {})).toEqual({ url, accept: 'application/json' });
  });

  it('rejects text that is not a URL', () => {
    expect(() => mastodon.firstRequest('not a url', {})).toThrow(InvalidInputError);
  });

  it('takes no options', () => {
    expect(mastodon.optionsSchema.safeParse({ limit: 5 }).success).toBe(false);
    expect(mastodon.fetcher({})).toBe('http');
  });
});

describe('mastodon account page', () => {
  it('reads a date-only last_status_at as that UTC day and asks for the statuses for the exact time', () => {
    const reading = mastodon.parse(page(fixture('account-day-precision.json')), ctx());
    expect(reading.facts).toEqual({
      displayName: '城市气象台',
      followers: 12840,
      followersApproximate: false,
      postsCount: 57,
      lastPostAt: '2025-07-10T00:00:00+00:00',
      lastPostPrecision: 'day',
    });
    expect(reading.next).toEqual({ url: STATUSES_URL, accept: 'application/json' });
  });

  it('keeps the statuses request on the origin that answered, whatever its host', () => {
    const reading = mastodon.parse(
      page(fixture('account-day-precision.json'), 'http://127.0.0.1:3000/api/v1/accounts/lookup?acct=weather'),
      ctx(),
    );
    expect(reading.next?.url).toBe('http://127.0.0.1:3000/api/v1/accounts/109871234/statuses?limit=20&exclude_replies=false');
  });

  it('reads an old server’s full last_status_at to the second, needs no second page and falls back to the username', () => {
    const reading = mastodon.parse(page(fixture('account-timestamp.json')), ctx());
    expect(reading.facts).toMatchObject({
      displayName: 'library',
      followers: 903,
      postsCount: 2211,
      lastPostAt: '2019-10-02T06:45:10.512+00:00',
      lastPostPrecision: 'second',
    });
    expect(reading.next).toBeUndefined();
  });

  it('reports an account with zero statuses as empty, without a second page', () => {
    const reading = mastodon.parse(page(fixture('account-no-posts.json')), ctx());
    expect(reading.next).toBeUndefined();
    const observation = parsePage('mastodon', fixture('account-no-posts.json'), { url: LOOKUP_URL, now: NOW });
    expect(observation).toMatchObject({ outcome: 'ok', postsCount: 0, lastPostAt: null, displayName: 'Parks Office' });
  });

  it('refuses to read a suspended account’s blanked counts as an empty account', () => {
    expect(() => mastodon.parse(page(fixture('account-suspended.json')), ctx())).toThrow(/suspended/);
    expect(parsePage('mastodon', fixture('account-suspended.json'), { url: LOOKUP_URL, now: NOW })).toMatchObject({
      outcome: 'error',
      postsCount: null,
    });
  });
});

describe('mastodon statuses page', () => {
  it('lists each status with its exact time, pinned and repost marks, link and plain text', () => {
    const reading = mastodon.parse(page(fixture('statuses.json'), STATUSES_URL), ctx({ postsCount: 57 }));
    expect(reading.facts.posts).toEqual([
      {
        id: '114830000000000003',
        at: '2025-07-10T09:15:00+00:00',
        precision: 'second',
        pinned: false,
        repost: true,
        url: 'https://other.example/@rescue/114829000000000001',
        excerpt: 'Flood shelters are open at all schools.',
      },
      {
        id: '114829500000000002',
        at: '2025-07-10T02:30:00+00:00',
        precision: 'second',
        pinned: false,
        repost: false,
        url: 'https://social.example/@weather/114829500000000002',
        excerpt: '暴雨橙色预警 & flood watch Stay indoors after 18:00.',
      },
      expect.objectContaining({ id: '113000000000000001', pinned: true, repost: false }),
    ]);
  });

  it('keeps the account’s facts and takes the exact time of the newest status that falls on the account’s day', () => {
    const observation = observeAccountThenStatuses(fixture('account-day-precision.json'), fixture('statuses.json'));
    expect(observation).toMatchObject({
      displayName: '城市气象台',
      followers: 12840,
      postsCount: 57,
      // The statuses are fetched precisely to learn this time: the day alone would end at 23:59:59.
      lastPostAt: '2025-07-10T09:15:00+00:00',
      lastPostPrecision: 'second',
      lastPostUrl: 'https://other.example/@rescue/114829000000000001',
      lastPostExcerpt: 'Flood shelters are open at all schools.',
    });
    expect(observation.posts).toHaveLength(3);
  });

  it.each([
    ['at the start of the UTC day', '2025-07-10T00:00:00.000Z'],
    ['at the end of the UTC day', '2025-07-10T23:59:59.000Z'],
  ])('takes a newest status posted %s at its exact time', (_when, createdAt) => {
    const [newest] = JSON.parse(fixture('statuses.json')) as Array<Record<string, unknown>>;
    const statuses = JSON.stringify([{ ...newest, created_at: createdAt }]);
    const observation = observeAccountThenStatuses(fixture('account-day-precision.json'), statuses);
    expect(observation).toMatchObject({ lastPostAt: createdAt.replace('.000Z', '+00:00'), lastPostPrecision: 'second' });
  });

  it('takes the exact time from a statuses list read on its own, whose statuses name the account’s day', () => {
    const observation = parsePage('mastodon', fixture('statuses.json'), { url: STATUSES_URL, now: NOW });
    expect(observation).toMatchObject({
      outcome: 'ok',
      lastPostAt: '2025-07-10T09:15:00+00:00',
      lastPostPrecision: 'second',
      lastPostUrl: 'https://other.example/@rescue/114829000000000001',
    });
  });

  it('reads a single saved status (GET /api/v1/statuses/:id) as a list of one', () => {
    const statuses = JSON.parse(fixture('statuses.json')) as unknown[];
    const observation = parsePage('mastodon', JSON.stringify(statuses[0]), { url: STATUSES_URL, now: NOW });
    expect(observation.outcome).toBe('ok');
    expect(observation.posts).toHaveLength(1);
    expect(observation.posts[0]!.id).toBe((statuses[0] as { id: string }).id);
  });

  it('keeps a last_status_at later than every listed status, without borrowing an older post’s text', () => {
    const account = fixture('account-day-precision.json').replace('"2025-07-10"', '"2025-07-15"');
    const observation = observeAccountThenStatuses(account, fixture('statuses.json'));
    expect(observation).toMatchObject({
      lastPostAt: '2025-07-15T00:00:00+00:00',
      lastPostPrecision: 'day',
      lastPostUrl: null,
      lastPostExcerpt: null,
    });
  });

  it('takes the newest status when it is later than the account’s day', () => {
    const account = fixture('account-day-precision.json').replace('"2025-07-10"', '"2025-07-09"');
    const observation = observeAccountThenStatuses(account, fixture('statuses.json'));
    expect(observation).toMatchObject({ lastPostAt: '2025-07-10T09:15:00+00:00', lastPostPrecision: 'second' });
  });

  describe('with an old server’s full last_status_at', () => {
    /** Old servers need no second page, but a statuses list may still be read after their account. */
    function observeStatusesAfterAccount(lastStatusAt: string) {
      const account = fixture('account-timestamp.json').replace('"2019-10-02T06:45:10.512Z"', JSON.stringify(lastStatusAt));
      const previous = mastodon.parse(page(account), ctx()).facts;
      const reading = mastodon.parse(page(fixture('statuses.json'), STATUSES_URL), ctx(previous));
      return okObservation({ platform: 'mastodon', url: LOOKUP_URL, fetchedAt: NOW, httpStatus: 200 }, reading.facts);
    }

    it.each([
      ['later than every status (a followers-only post)', '2025-07-10T12:00:00.000Z', '2025-07-10T12:00:00+00:00', null],
      [
        'in the same second as the newest status',
        '2025-07-10T09:15:00.400Z',
        '2025-07-10T09:15:00+00:00',
        'https://other.example/@rescue/114829000000000001',
      ],
      [
        'earlier than the newest status',
        '2025-07-01T00:00:00.000Z',
        '2025-07-10T09:15:00+00:00',
        'https://other.example/@rescue/114829000000000001',
      ],
    ])('keeps whichever is later when last_status_at is %s', (_when, lastStatusAt, lastPostAt, lastPostUrl) => {
      expect(observeStatusesAfterAccount(lastStatusAt)).toMatchObject({ lastPostAt, lastPostPrecision: 'second', lastPostUrl });
    });
  });

  it('keeps the account’s facts when no status is public, rather than claiming the account is empty', () => {
    const previous = mastodon.parse(page(fixture('account-day-precision.json')), ctx()).facts;
    const reading = mastodon.parse(page('[]', STATUSES_URL), ctx(previous));
    expect(reading.facts).toEqual(previous);
    expect(reading.facts.postsCount).toBe(57);
  });

  it('does not read an empty list without an account page as an empty account', () => {
    expect(() => mastodon.parse(page('[]', STATUSES_URL), ctx())).toThrow(PageMismatchError);
  });

  it('names the account from the statuses themselves when the list is fetched on its own', () => {
    const reading = mastodon.parse(page(fixture('statuses.json'), STATUSES_URL), ctx());
    expect(reading.facts).toMatchObject({ displayName: '城市气象台', followers: 12841, postsCount: 57 });
  });

  it.each([
    ['an item without created_at', '[{"id":"1","content":"<p>x</p>"}]'],
    ['an unreadable created_at', '[{"id":"1","created_at":"yesterday-ish"}]'],
    ['a list of strings', '["a","b"]'],
  ])('rejects a list with %s', (_what, body) => {
    expect(() => mastodon.parse(page(body, STATUSES_URL), ctx({ postsCount: 3 }))).toThrow(PageMismatchError);
  });
});

describe('mastodon never reads a failed page as silence', () => {
  const account = fixture('account-day-precision.json');
  it.each([
    ['an HTML error page', 'error', '<!DOCTYPE html><html><body><h1>We’re sorry, but something went wrong on our end.</h1></body></html>'],
    ['an error answer', 'error', '{"error":"Record not found"}'],
    ['a truncated answer', 'error', account.slice(0, Math.floor(account.length / 2))],
    ['a JSON value of another shape', 'error', '{"id":"1","title":"not an account"}'],
    ['a captcha page', 'blocked', '<html><head><title>Just a moment...</title></head><body><div class="cf-turnstile"></div></body></html>'],
    ['a rate-limit answer', 'blocked', '{"error":"Too many requests"}'],
  ])('reports %s as %s', (_what, outcome, body) => {
    const observation = parsePage('mastodon', body, { url: LOOKUP_URL, now: NOW });
    expect(observation).toMatchObject({ outcome, postsCount: null, lastPostAt: null, posts: [] });
    expect(observation.error).toBeTruthy();
  });

  it('says what the server answered when it sent an error', () => {
    expect(parsePage('mastodon', '{"error":"Record not found"}', { url: LOOKUP_URL, now: NOW }).error).toContain('Record not found');
  });
});
