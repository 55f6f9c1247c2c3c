import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge } from '../../activity/status.ts';
import { GOV_CN } from '../../activity/policies.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import type { FetchedPage, PageReading, PageRequest, ParseContext } from '../adapter.ts';
import { okObservation, parsePage, readPage } from '../parse-page.ts';
import { bilibili } from './adapter.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(fixture(name)) as { code: number; data: Record<string, unknown> };

const NOW = new Date('2026-05-05T12:00:00Z');
const WTS = Math.floor(NOW.getTime() / 1000);
const MID = '4860321';
const API = 'https://api.bilibili.com';
const CARD_URL = `${API}/x/web-interface/card?mid=${MID}`;
const DYNAMICS_URL = `${API}/x/polymer/web-dynamic/v1/feed/space?host_mid=${MID}`;
const SPACE_HEADERS = { Referer: `https://space.bilibili.com/${MID}/`, Origin: 'https://space.bilibili.com' };

function page(body: string, url: string): FetchedPage {
  return { url, status: 200, contentType: 'application/json', body };
}

function ctx(request?: PageRequest, previous?: PageFacts): ParseContext<Record<string, never>> {
  return {
    now: NOW,
    timeZone: 'Asia/Shanghai',
    options: {},
    ...(previous ? { previous } : {}),
    ...(request?.carry ? { carry: request.carry } : {}),
  };
}

/**
 * The look the crawler runs: the card, then each answer for the request the previous reading
 * asked for, with the facts read so far and what the request carried. Stops after the last body.
 */
function look(...bodies: string[]) {
  const readings: PageReading[] = [];
  const requests: PageRequest[] = [bilibili.firstRequest(`https://space.bilibili.com/${MID}`, {})];
  for (const body of bodies) {
    const request = requests.at(-1)!;
    const reading = bilibili.parse(page(body, request.url), ctx(request, readings.at(-1)?.facts));
    readings.push(reading);
    if (reading.next) requests.push(reading.next);
  }
  const observation = okObservation({ platform: 'bilibili', url: CARD_URL, fetchedAt: NOW, httpStatus: 200 }, readings.at(-1)?.facts ?? {});
  return { readings, requests, observation };
}

/** The part of a dynamics item the tests change. */
interface DynamicItem {
  modules: { module_author: { pub_ts: number } };
}

/** What becomes of a full look whose dynamics feed answers `dynamics` (a changed copy of the fixture). */
function withDynamics(change: (items: DynamicItem[]) => void) {
  const body = json('dynamics.json');
  change(body.data.items as DynamicItem[]);
  return look(fixture('card.json'), fixture('nav.json'), fixture('uploads.json'), JSON.stringify(body));
}

/** Reads `body` as the answer to the request the look makes after the answers in `before`, as parsePage would. */
function readAt(before: string[], body: string) {
  const { readings, requests } = look(...before);
  const request = requests.at(-1)!;
  return readPage(bilibili, page(body, request.url), ctx(request, readings.at(-1)?.facts));
}

const FULL = [fixture('card.json'), fixture('nav.json'), fixture('uploads.json')];

describe('bilibili.firstRequest', () => {
  it.each([
    [`https://space.bilibili.com/${MID}`, CARD_URL],
    [`https://space.bilibili.com/${MID}/`, CARD_URL],
    [`https://space.bilibili.com/${MID}/dynamic?spm_id_from=333.1007`, CARD_URL],
    [`https://space.bilibili.com/${MID}/upload/video`, CARD_URL],
    [`https://m.bilibili.com/space/${MID}`, CARD_URL],
    [`https://space.bilibili.com/00${MID}`, CARD_URL],
    [`https://api.bilibili.com/x/web-interface/card?mid=${MID}`, CARD_URL],
    [`https://api.bilibili.com/x/relation/stat?vmid=${MID}`, CARD_URL],
    [`https://api.bilibili.com/x/space/wbi/arc/search?mid=${MID}&pn=1`, CARD_URL],
    [DYNAMICS_URL, CARD_URL],
    [`http://127.0.0.1:8123/${MID}`, `http://127.0.0.1:8123/x/web-interface/card?mid=${MID}`],
    [`http://127.0.0.1:8123/space/${MID}`, `http://127.0.0.1:8123/x/web-interface/card?mid=${MID}`],
  ])('asks for the user card of %s (space hosts through api.bilibili.com, other hosts on their own origin)', (accountUrl, cardUrl) => {
    expect(bilibili.firstRequest(accountUrl, {})).toEqual({ url: cardUrl, accept: 'application/json', headers: SPACE_HEADERS });
  });

  it('fetches any other path of a host that is not Bilibili’s as given: a saved answer', () => {
    const url = 'http://127.0.0.1:8000/saved/card.json';
    expect(bilibili.firstRequest(url, {})).toEqual({ url, accept: 'application/json' });
  });

  it.each([
    ['https://b23.tv/Ab3dEfG', /short links are not accepted/],
    ['https://bili2233.cn/Ab3dEfG', /short links are not accepted/],
    ['https://space.bilibili.com/', /not a Bilibili account URL/],
    ['https://space.bilibili.com/weather', /not a Bilibili account URL/],
    ['https://space.bilibili.com/0', /not a Bilibili account URL/],
    ['https://www.bilibili.com/video/BV1hx4y1M7qa', /not a Bilibili account URL/],
    ['https://api.bilibili.com/x/web-interface/nav', /not a Bilibili account URL/],
    ['https://api.bilibili.com/x/web-interface/card?mid=abc', /not a Bilibili account URL/],
    ['ftp://space.bilibili.com/4860321', /not an http\(s\) URL/],
    ['space.bilibili.com/4860321', /not an absolute URL/],
  ])('rejects %s', (url, message) => {
    expect(() => bilibili.firstRequest(url, {})).toThrow(InvalidInputError);
    expect(() => bilibili.firstRequest(url, {})).toThrow(message);
  });

  it('takes no options and fetches over plain HTTP', () => {
    expect(bilibili.optionsSchema.safeParse({ cookie: 'x' }).success).toBe(false);
    expect(bilibili.fetcher({})).toBe('http');
  });
});

describe('bilibili card, signing keys, uploads, then dynamics', () => {
  it('reads the card, then asks for the WBI keys carrying the account and its video count', () => {
    const reading = bilibili.parse(page(fixture('card.json'), CARD_URL), ctx());
    expect(reading.facts).toEqual({ displayName: '海滨市气象台', followers: 52840, followersApproximate: false, postsCount: 126 });
    expect(reading.next).toEqual({
      url: `${API}/x/web-interface/nav`,
      accept: 'application/json',
      headers: SPACE_HEADERS,
      carry: { mid: MID, expect: 'nav', videos: '126' },
    });
    expect(reading.incompleteWithoutNext).toMatch(/no post times/);
  });

  it('signs the uploads request with the keys of the nav answer (code -101 to a visitor) and the look’s time', () => {
    const { requests, readings } = look(fixture('card.json'), fixture('nav.json'));
    const uploads = requests[2]!;
    const query = `mid=${MID}&order=pubdate&pn=1&ps=30&wts=${WTS}`;
    expect(uploads.url).toMatch(new RegExp(`^${API}/x/space/wbi/arc/search\\?${query}&w_rid=[0-9a-f]{32}$`));
    expect(uploads).toMatchObject({ headers: SPACE_HEADERS, carry: { mid: MID, expect: 'uploads', videos: '126' } });
    expect(readings[1]!.facts).toEqual(readings[0]!.facts);
  });

  it('asks for the dynamics after the uploads, on the origin that answered', () => {
    const { requests } = look(...FULL);
    expect(requests[3]).toEqual({
      url: DYNAMICS_URL,
      accept: 'application/json',
      headers: SPACE_HEADERS,
      carry: { mid: MID, expect: 'dynamics', videos: '126' },
    });
    const local = 'http://127.0.0.1:8123';
    const reading = bilibili.parse(page(fixture('card.json'), `${local}/x/web-interface/card?mid=${MID}`), ctx());
    expect(reading.next?.url).toBe(`${local}/x/web-interface/nav`);
  });

  it('takes the newest of uploads and dynamics: here a dynamic newer than the newest video', () => {
    const { observation } = look(...FULL, fixture('dynamics.json'));
    expect(observation).toMatchObject({ outcome: 'ok', displayName: '海滨市气象台', followers: 52840, postsCount: 126 });
    expect(observation.lastPostAt).toBe('2026-05-03T18:02:28+08:00');
    expect(observation.lastPostUrl).toBe('https://t.bilibili.com/1163512398765432101');
    expect(observation.lastPostExcerpt).toBe('大风蓝色预警：明天白天沿海阵风可达8级，请注意防范。');
  });

  it('lists a video once when a dynamic announces it, and marks the pinned dynamic and the repost', () => {
    const { observation } = look(...FULL, fixture('dynamics.json'));
    expect(observation.posts.map((p) => p.id)).toEqual([
      'BV1Zt42167wd',
      'BV1Rk4y1X7mp',
      '1130477212345678001',
      '1163512398765432101',
      '1162700011122233344',
      '1161900022233344455',
    ]);
    expect(observation.posts[2]).toMatchObject({ pinned: true, repost: false, at: '2025-11-02T09:00:00+08:00' });
    expect(observation.posts[4]).toMatchObject({ pinned: false, repost: true, excerpt: '转发：假期出行请关注沿途天气。' });
    expect(observation.posts[5]).toMatchObject({ at: '2026-04-28T10:00:03+08:00', excerpt: '五一假期天气趋势：前晴后雨，注意防范强对流' });
  });

  it('takes the newest video when it is newer than every dynamic', () => {
    const { observation } = withDynamics((items) => items.splice(1));
    expect(observation.lastPostAt).toBe('2026-04-28T10:00:00+08:00');
    expect(observation.lastPostUrl).toBe('https://www.bilibili.com/video/BV1hx4y1M7qa');
  });

  it('dates an old pinned dynamic above newer ones by its own date, never by its place', () => {
    const { observation } = withDynamics((items) => items.splice(1, 1));
    expect(observation.posts.find((p) => p.pinned)?.at).toBe('2025-11-02T09:00:00+08:00');
    expect(observation.lastPostAt).toBe('2026-05-01T08:20:05+08:00');
  });

  it('takes a pinned dynamic that is the newest as the newest', () => {
    const { observation } = withDynamics((items) => {
      items[0]!.modules.module_author.pub_ts = Date.parse('2026-05-04T20:00:00+08:00') / 1000;
    });
    expect(observation.lastPostAt).toBe('2026-05-04T20:00:00+08:00');
    expect(observation.posts.find((p) => p.at === observation.lastPostAt)?.pinned).toBe(true);
  });

  it('keeps the uploads when the dynamics feed is empty', () => {
    const { observation } = look(...FULL, fixture('dynamics-empty.json'));
    expect(observation).toMatchObject({ outcome: 'ok', postsCount: 126, lastPostAt: '2026-04-28T10:00:00+08:00' });
  });
});

describe('bilibili accounts without posts', () => {
  const none = [fixture('card-no-videos.json'), fixture('nav.json'), fixture('uploads-empty.json'), fixture('dynamics-empty.json')];

  it('shows an account as never having posted only when card, uploads and dynamics all show nothing', () => {
    const { readings, observation } = look(...none);
    // Until the lists confirm it, the card's 0 is not stated: a failed follow-up must leave nothing to judge by.
    expect(readings.slice(0, 3).map((r) => r.facts.postsCount)).toEqual([undefined, undefined, undefined]);
    expect(observation).toMatchObject({ outcome: 'ok', displayName: '海滨新区融媒体中心', followers: 3, postsCount: 0, lastPostAt: null });
    expect(judge(observation, NOW, GOV_CN).status).toBe('empty');
  });

  it('dates an account with no videos by its dynamics', () => {
    const dynamics = fixture('dynamics.json').replaceAll('4860321', '5093377');
    const { observation } = look(...none.slice(0, 3), dynamics);
    expect(observation).toMatchObject({ postsCount: null, lastPostAt: '2026-05-03T18:02:28+08:00' });
  });

  it('reads an empty feed on its own as a failed look: nothing says the account has no posts', () => {
    const obs = parsePage('bilibili', fixture('dynamics-empty.json'), { url: DYNAMICS_URL, now: NOW });
    expect(obs).toMatchObject({ outcome: 'error', parseFailed: true, postsCount: null, lastPostAt: null });
  });
});

describe('bilibili answers that say nothing about activity', () => {
  const failure = (read: ReturnType<typeof readPage>) => (read.ok ? { outcome: 'ok' } : { outcome: read.outcome, error: read.error });

  it.each([
    ['the card', [] as string[]],
    ['the nav answer', FULL.slice(0, 1)],
    ['the uploads list', FULL.slice(0, 2)],
    ['the dynamics feed', FULL],
  ])('reads risk control (-352) in place of %s as blocked', (_, before) => {
    expect(failure(readAt(before, fixture('risk-control.json')))).toMatchObject({ outcome: 'blocked', error: /risk-control check.*-352/ });
  });

  it.each([
    ['-412 request blocked', { code: -412, message: '请求被拦截', ttl: 1, data: null }, /-412/],
    ['-799 too frequent', { code: -799, message: '请求过于频繁，请稍后再试', ttl: 1 }, /rate limit/],
    ['-101 not logged in', { code: -101, message: '账号未登录', ttl: 1 }, /login wall/],
  ])('reads %s in place of the dynamics as blocked', (_, answer, message) => {
    expect(failure(readAt(FULL, JSON.stringify(answer)))).toMatchObject({ outcome: 'blocked', error: message });
  });

  it('reads an HTML risk-control (captcha) page as blocked', () => {
    const body =
      '<!DOCTYPE html><html><head><title>验证码_哔哩哔哩</title></head><body><div id="geetest-wrap">请完成下方验证后继续操作</div></body></html>';
    expect(failure(readAt(FULL, body))).toMatchObject({ outcome: 'blocked', error: /captcha page/ });
  });

  it.each([
    ['an empty body', '', /not complete JSON/],
    ['truncated JSON', fixture('dynamics.json').slice(0, 500), /not complete JSON/],
    ['an answer without a code', JSON.stringify({ data: json('dynamics.json').data }), /no numeric code/],
    ['an unknown error code', JSON.stringify({ code: -400, message: '请求错误', ttl: 1 }), /answered with an error: "-400 请求错误"/],
    [
      'a feed whose items lost their time',
      fixture('dynamics.json').replaceAll('"pub_ts"', '"publish_ts"'),
      /no readable module_author.pub_ts/,
    ],
    ['a feed whose items are no list', JSON.stringify({ code: 0, data: { has_more: false, items: {} } }), /no items list/],
    [
      'an empty feed that says it has more',
      fixture('dynamics-empty.json').replace('"has_more": false', '"has_more": true'),
      /says it has more/,
    ],
    ['the uploads list again', fixture('uploads.json'), /expected the dynamics feed, got the uploads list/],
    ['a card', fixture('card.json'), /expected the dynamics feed, got an answer of another shape/],
  ])('reads %s in place of the dynamics as a failed look (error)', (_, body, message) => {
    expect(failure(readAt(FULL, body))).toMatchObject({ outcome: 'error', error: message });
  });

  it('refuses an empty uploads list when the card counts videos', () => {
    const read = readAt(FULL.slice(0, 2), fixture('uploads-empty.json'));
    expect(failure(read)).toMatchObject({ outcome: 'error', error: /uploads list is empty but the account counts 126 videos/ });
  });

  it('refuses uploads without a time, and a nav answer without keys', () => {
    const undated = fixture('uploads.json').replaceAll('"created"', '"ctime"');
    expect(failure(readAt(FULL.slice(0, 2), undated))).toMatchObject({ outcome: 'error', error: /upload #1 has no readable created time/ });
    const keyless = JSON.stringify({ code: -101, message: '账号未登录', data: { isLogin: false, wbi_img: {} } });
    expect(failure(readAt(FULL.slice(0, 1), keyless))).toMatchObject({ outcome: 'error', error: /no WBI keys/ });
  });

  it('reads "no such user" on the card as an account that does not exist, but not on a follow-up', () => {
    expect(failure(readAt([], fixture('user-not-found.json')))).toMatchObject({ outcome: 'not_found', error: /啥都木有/ });
    expect(failure(readAt([], JSON.stringify({ code: -626, message: '用户不存在', ttl: 1 })))).toMatchObject({ outcome: 'not_found' });
    expect(failure(readAt(FULL, fixture('user-not-found.json')))).toMatchObject({ outcome: 'error', error: /follow-up endpoint/ });
  });

  it('reads a card of a closed account (账号已注销) as an account that does not exist', () => {
    const closed = fixture('card.json').replace('"name": "海滨市气象台"', '"name": "账号已注销"');
    expect(failure(readAt([], closed))).toMatchObject({ outcome: 'not_found', error: /closed/ });
  });

  it('refuses a card without a follower count', () => {
    const body = json('card.json');
    delete body.data.follower;
    delete (body.data.card as Record<string, unknown>).fans;
    expect(failure(readAt([], JSON.stringify(body)))).toMatchObject({ outcome: 'error', error: /no name, mid or follower count/ });
  });

  it('refuses the nav answer read on its own: it names no account', () => {
    expect(parsePage('bilibili', fixture('nav.json'), { url: `${API}/x/web-interface/nav`, now: NOW })).toMatchObject({
      outcome: 'error',
      error: /only gives signing keys/,
    });
  });
});

describe('bilibili answers read on their own (saved answers)', () => {
  it('reads a card alone with its counts, and says it cannot date the account', () => {
    const obs = parsePage('bilibili', fixture('card.json'), { url: CARD_URL, now: NOW });
    expect(obs).toMatchObject({ outcome: 'ok', displayName: '海滨市气象台', followers: 52840, postsCount: 126, lastPostAt: null });
    expect(obs.error).toMatch(/no post times/);
    expect(judge(obs, NOW, GOV_CN).status).toBe('unknown');
  });

  it('reads an uploads list alone, naming the account from its videos, and says the dynamics were not read', () => {
    const obs = parsePage('bilibili', fixture('uploads.json'), { url: `${API}/x/space/wbi/arc/search?mid=${MID}`, now: NOW });
    expect(obs).toMatchObject({ displayName: '海滨市气象台', postsCount: 126, lastPostAt: '2026-04-28T10:00:00+08:00' });
    expect(obs.error).toMatch(/dynamics .* were not read/);
  });

  it('reads a dynamics feed alone, naming the account from its author', () => {
    const obs = parsePage('bilibili', fixture('dynamics.json'), { url: DYNAMICS_URL, now: NOW });
    expect(obs).toMatchObject({ outcome: 'ok', displayName: '海滨市气象台', lastPostAt: '2026-05-03T18:02:28+08:00', error: null });
    expect(obs.posts).toHaveLength(4);
  });

  it('reads a relation answer alone for its follower count', () => {
    const body = JSON.stringify({
      code: 0,
      message: '0',
      ttl: 1,
      data: { mid: 4860321, following: 18, whisper: 0, black: 0, follower: 52840 },
    });
    const reading = bilibili.parse(page(body, `${API}/x/relation/stat?vmid=${MID}`), ctx());
    expect(reading.facts).toEqual({ followers: 52840, followersApproximate: false });
    expect(reading.next?.carry).toEqual({ mid: MID, expect: 'nav' });
  });
});
