import { describe, expect, it } from 'vitest';
import type { FeedFilter } from '../../domain/feed-filter.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { Alert, AlertEvent } from '../../domain/alert.ts';
import { feedFilterKey, matchesFilter, parseFeedFilterQuery } from './feed-filter.ts';

const accountAlert: Alert = {
  id: 1,
  key: 'silence:42',
  kind: 'silence',
  state: 'open',
  severity: 'critical',
  status: 'sleeping',
  platform: 'telegram',
  account: {
    id: 42,
    name: '市卫健委',
    platform: 'telegram',
    url: 'https://t.me/s/health',
    unit: '市卫健委',
    group: '医疗',
    region: '北京',
  },
  reason: { code: 'silent', line: 'red-line', daysSilent: 15, lastPostAt: '2026-05-05T08:00:00.000Z', redLineDays: 14, zombieDays: 90 },
  evidence: null,
  openedAt: '2026-05-15T00:00:00.000Z',
  resolvedAt: null,
};

const platformAlert: Alert = {
  ...accountAlert,
  id: 2,
  key: 'parser-broken:telegram',
  kind: 'parser-broken',
  severity: 'warning',
  status: null,
  account: null,
  reason: { code: 'parser-broken', platform: 'telegram', failed: 9, total: 10 },
};

const event = (alert: Alert): AlertEvent => ({ id: alert.id * 10, type: 'opened', at: alert.openedAt, alert });
const accountEvent = event(accountAlert);
const platformEvent = event(platformAlert);

describe('matchesFilter: every dimension given must match', () => {
  it('lets everything through an empty filter, and through dimensions given as empty lists', () => {
    expect(matchesFilter(accountEvent, {})).toBe(true);
    expect(matchesFilter(platformEvent, {})).toBe(true);
    expect(matchesFilter(accountEvent, { units: [], statuses: [] })).toBe(true);
  });

  it.each<[string, FeedFilter, boolean]>([
    ['status it has', { statuses: ['drifting', 'sleeping'] }, true],
    ['status it lacks', { statuses: ['zombie'] }, false],
    ['platform', { platforms: ['telegram'] }, true],
    ['other platform', { platforms: ['weibo'] }, false],
    ['unit', { units: ['市卫健委'] }, true],
    ['other unit', { units: ['市委宣传部'] }, false],
    ['group', { groups: ['医疗'] }, true],
    ['other group', { groups: ['教育'] }, false],
    ['severity', { severities: ['critical'] }, true],
    ['other severity', { severities: ['info', 'warning'] }, false],
    [
      'all dimensions matching',
      { statuses: ['sleeping'], platforms: ['telegram'], units: ['市卫健委'], groups: ['医疗'], severities: ['critical'] },
      true,
    ],
    [
      'all but one dimension matching',
      { statuses: ['sleeping'], platforms: ['telegram'], units: ['市卫健委'], groups: ['医疗'], severities: ['info'] },
      false,
    ],
  ])('an account-level alert and a filter on its %s: %s', (_, filter, expected) => {
    expect(matchesFilter(accountEvent, filter)).toBe(expected);
  });

  it('matches a platform-level alert by alert.platform', () => {
    expect(matchesFilter(platformEvent, { platforms: ['telegram'] })).toBe(true);
    expect(matchesFilter(platformEvent, { platforms: ['weibo'] })).toBe(false);
  });

  it('never matches a platform-level alert to a unit or group filter, since it has no account', () => {
    expect(matchesFilter(platformEvent, { units: ['市卫健委'] })).toBe(false);
    expect(matchesFilter(platformEvent, { groups: ['医疗'] })).toBe(false);
  });

  it('never matches an alert without a status to a status filter', () => {
    expect(matchesFilter(platformEvent, { statuses: ['unknown'] })).toBe(false);
  });

  it('does not match an account without a unit to a unit filter', () => {
    const unitless = event({ ...accountAlert, account: { ...accountAlert.account!, unit: null } });
    expect(matchesFilter(unitless, { units: ['市卫健委'] })).toBe(false);
  });
});

describe('parseFeedFilterQuery: the filter in a feed URL', () => {
  const parse = (query: string) => parseFeedFilterQuery(new URLSearchParams(query));

  it('reads nothing as no restriction, and ignores other parameters such as the token', () => {
    expect(parse('')).toEqual({});
    expect(parse('token=s3cret&lang=en')).toEqual({});
  });

  it('accepts repeated and comma-separated values, trimmed, without blanks or repeats', () => {
    expect(parse('status=sleeping,zombie&status=drifting&status=zombie')).toEqual({ statuses: ['sleeping', 'zombie', 'drifting'] });
    expect(parse('platform=telegram,%20weibo&platform=&unit=市卫健委&unit=市委宣传部,&group=医疗&severity=critical,warning')).toEqual({
      platforms: ['telegram', 'weibo'],
      units: ['市卫健委', '市委宣传部'],
      groups: ['医疗'],
      severities: ['critical', 'warning'],
    });
  });

  it('accepts statuses and severities in any letter case', () => {
    expect(parse('status=Sleeping&severity=CRITICAL')).toEqual({ statuses: ['sleeping'], severities: ['critical'] });
  });

  it('rejects an unknown status, naming the field and the value', () => {
    const error = catchError(() => parse('status=sleeping,asleep'));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([{ field: 'status', message: expect.stringContaining('"asleep"') }]);
  });

  it('rejects an unknown severity, and reports every bad value at once', () => {
    const error = catchError(() => parse('status=asleep&severity=urgent&severity=fatal'));
    expect(error.issues.map((i) => i.field)).toEqual(['status', 'severity', 'severity']);
    expect(error.message).toContain('"urgent"');
    expect(error.message).toContain('"fatal"');
  });
});

describe('feedFilterKey: one key per selection of events', () => {
  it('is the same however the query was written', () => {
    const a = parseFeedFilterQuery(new URLSearchParams('unit=B,A&status=zombie&status=sleeping'));
    const b = parseFeedFilterQuery(new URLSearchParams('status=sleeping,zombie&unit=A&unit=B&unit=A'));
    expect(feedFilterKey(a)).toBe(feedFilterKey(b));
  });

  it('differs between filters and is empty for no filter', () => {
    expect(feedFilterKey({})).toBe('');
    expect(feedFilterKey({ units: [] })).toBe('');
    expect(feedFilterKey({ units: ['A'] })).not.toBe(feedFilterKey({ groups: ['A'] }));
    expect(feedFilterKey({ units: ['A,B'] })).not.toBe(feedFilterKey({ units: ['A', 'B'] }));
  });
});

function catchError(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}
