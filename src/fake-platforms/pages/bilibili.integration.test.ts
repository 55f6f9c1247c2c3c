import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAccount } from '../../../tests/support/fake-account.ts';
import { httpGet } from '../../../tests/support/http-get.ts';
import { accountUrl } from '../accounts-file.ts';
import type { FakeAccount } from '../population.ts';
import { startFakePlatforms, type FakePlatforms } from '../server.ts';
import { bilibiliMid } from './bilibili.ts';

/**
 * The Bilibili answers in the shape of the web client's API, along the path a client takes:
 * the space URL /<mid>, the user card, the navigation answer's signing keys, the signed uploads
 * list and the space's dynamics.
 */

const NOW = new Date('2026-05-05T12:00:00Z');
const DAY = 86_400_000;
const SIGNATURE = 'w_rid=0123456789abcdef0123456789abcdef&wts=1777982400';

const accounts: FakeAccount[] = [
  fakeAccount({
    key: 'bl_pinned',
    platform: 'bilibili',
    silenceDays: 2.25,
    cadenceDays: 1,
    pinnedOld: true,
    postCount: 80,
    followers: 969_999,
  }),
  fakeAccount({ key: 'bl_empty', platform: 'bilibili', silenceDays: null, postCount: 0 }),
  fakeAccount({ key: 'bl_gone', platform: 'bilibili', fault: 'not-found', expectedStatus: 'unknown' }),
  fakeAccount({ key: 'bl_risk', platform: 'bilibili', fault: 'captcha', expectedStatus: 'unknown' }),
  fakeAccount({ key: 'bl_changed', platform: 'bilibili', fault: 'changed-markup', expectedStatus: 'unknown' }),
];

let server: FakePlatforms;
beforeAll(async () => {
  server = await startFakePlatforms({ accounts, now: NOW });
});
afterAll(() => server.close());

const mid = (key: string) => bilibiliMid(key);
const getJson = async (path: string) => {
  const res = await httpGet(`${server.url}${path}`);
  return { status: res.status, type: res.headers['content-type'], json: JSON.parse(res.body) };
};
const newestAt = (key: string) =>
  Math.floor((NOW.getTime() - Math.round((accounts.find((a) => a.key === key)!.silenceDays ?? 0) * DAY)) / 1000);

describe('bilibili: space URL, card and signing keys', () => {
  it('registers accounts by /<numeric mid>, a page that answers', async () => {
    const url = accountUrl(accounts[0]!, server.url);
    expect(url).toBe(`${server.url}/${mid('bl_pinned')}`);
    expect(mid('bl_pinned')).toMatch(/^\d{6,16}$/);
    const page = await httpGet(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('的个人空间');
  });

  it('answers the card with code 0: data.card.name and fans, data.follower and archive_count', async () => {
    const { status, type, json } = await getJson(`/x/web-interface/card?mid=${mid('bl_pinned')}`);
    expect(status).toBe(200);
    expect(type).toBe('application/json; charset=utf-8');
    expect(json).toMatchObject({ code: 0, message: '0', ttl: 1 });
    expect(json.data.card).toMatchObject({ mid: mid('bl_pinned'), name: 'bl_pinned 发布', fans: 969_999 });
    expect(json.data.follower).toBe(969_999);
    expect(json.data.archive_count).toBeGreaterThan(0);
    expect(json.data.archive_count).toBeLessThan(80);
  });

  it('answers nav to a visitor with code -101 and the day’s WBI keys in wbi_img', async () => {
    const { json } = await getJson('/x/web-interface/nav');
    expect(json.code).toBe(-101);
    expect(json.data.isLogin).toBe(false);
    expect(json.data.wbi_img.img_url).toMatch(/^https:\/\/i0\.hdslb\.com\/bfs\/wbi\/[0-9a-f]{32}\.png$/);
    expect(json.data.wbi_img.sub_url).toMatch(/^https:\/\/i0\.hdslb\.com\/bfs\/wbi\/[0-9a-f]{32}\.png$/);
    expect(json.data.wbi_img.sub_url).not.toBe(json.data.wbi_img.img_url);
  });
});

describe('bilibili: uploads and dynamics', () => {
  it('refuses the uploads list with code -403 unless signed with w_rid and wts', async () => {
    const base = `/x/space/wbi/arc/search?mid=${mid('bl_pinned')}&ps=30&pn=1&order=pubdate`;
    expect((await getJson(base)).json.code).toBe(-403);
    expect((await getJson(`${base}&wts=1777982400`)).json.code).toBe(-403);
    expect((await getJson(`${base}&w_rid=0123456789abcdef0123456789abcdef`)).json.code).toBe(-403);
    expect((await getJson(`${base}&${SIGNATURE}`)).json.code).toBe(0);
  });

  it('lists uploads newest first in data.list.vlist with created, title and bvid, and counts them in page.count', async () => {
    const { json } = await getJson(`/x/space/wbi/arc/search?mid=${mid('bl_pinned')}&ps=30&pn=1&order=pubdate&${SIGNATURE}`);
    const vlist = json.data.list.vlist as Array<{ created: number; title: string; bvid: string; mid: number }>;
    expect(vlist.length).toBeGreaterThan(10);
    expect(vlist.length).toBeLessThanOrEqual(30);
    expect(vlist[0]!.created).toBe(newestAt('bl_pinned'));
    expect(vlist.map((v) => v.created)).toEqual([...vlist.map((v) => v.created)].sort((a, b) => b - a));
    for (const v of vlist) {
      expect(v.bvid).toMatch(/^BV1[0-9A-Za-z]{9}$/);
      expect(v.title).not.toBe('');
      expect(v.mid).toBe(Number(mid('bl_pinned')));
    }
    const card = await getJson(`/x/web-interface/card?mid=${mid('bl_pinned')}`);
    expect(json.data.page.count).toBe(card.json.data.archive_count);
  });

  it('lists dynamics with the pinned old one first (module_tag 置顶), each with module_author.pub_ts', async () => {
    const { json } = await getJson(`/x/polymer/web-dynamic/v1/feed/space?host_mid=${mid('bl_pinned')}&offset=&features=itemOpusStyle`);
    expect(json.code).toBe(0);
    expect(json.data.has_more).toBe(true);
    const items = json.data.items as Array<{ type: string; id_str: string; modules: Record<string, { text?: string; pub_ts?: number }> }>;
    expect(items).toHaveLength(13);
    const [pinned, newest, ...rest] = items;
    expect(pinned!.modules.module_tag?.text).toBe('置顶');
    expect(pinned!.modules.module_author!.pub_ts).toBeLessThan(Math.min(...rest.map((i) => i.modules.module_author!.pub_ts!)));
    expect(newest!.modules.module_tag).toBeUndefined();
    expect(newest!.modules.module_author!.pub_ts).toBe(newestAt('bl_pinned'));
    expect(newest!.type).toBe('DYNAMIC_TYPE_AV');
    expect(new Set(items.map((i) => i.type))).toEqual(new Set(['DYNAMIC_TYPE_AV', 'DYNAMIC_TYPE_DRAW', 'DYNAMIC_TYPE_FORWARD']));
    for (const item of items) expect(item.id_str).toMatch(/^\d{18,20}$/);
  });

  it('shows an account that never posted with no videos, an empty uploads list and no dynamics', async () => {
    expect((await getJson(`/x/web-interface/card?mid=${mid('bl_empty')}`)).json.data.archive_count).toBe(0);
    const uploads = (await getJson(`/x/space/wbi/arc/search?mid=${mid('bl_empty')}&${SIGNATURE}`)).json.data;
    expect(uploads.list.vlist).toEqual([]);
    expect(uploads.page.count).toBe(0);
    const dynamics = (await getJson(`/x/polymer/web-dynamic/v1/feed/space?host_mid=${mid('bl_empty')}`)).json.data;
    expect(dynamics).toMatchObject({ has_more: false, items: [] });
  });
});

describe('bilibili: refusals and missing users', () => {
  it('answers an unknown mid, and a user that is gone, with code -404', async () => {
    for (const path of ['/x/web-interface/card?mid=1', `/x/web-interface/card?mid=${mid('bl_gone')}`]) {
      const { status, json } = await getJson(path);
      expect(status, path).toBe(200);
      expect(json).toMatchObject({ code: -404, message: '啥都木有' });
    }
  });

  it('answers risk control with code -352 on every endpoint of the account', async () => {
    for (const path of [
      `/x/web-interface/card?mid=${mid('bl_risk')}`,
      `/x/space/wbi/arc/search?mid=${mid('bl_risk')}&${SIGNATURE}`,
      `/x/polymer/web-dynamic/v1/feed/space?host_mid=${mid('bl_risk')}`,
    ]) {
      const { status, json } = await getJson(path);
      expect(status, path).toBe(200);
      expect(json.code, path).toBe(-352);
      expect(json.data.v_voucher).toMatch(/^voucher_/);
    }
  });

  it('renames the card, pub_ts, vlist and created when the API changes', async () => {
    const card = await httpGet(`${server.url}/x/web-interface/card?mid=${mid('bl_changed')}`);
    expect(card.body).not.toContain('"card"');
    const uploads = await httpGet(`${server.url}/x/space/wbi/arc/search?mid=${mid('bl_changed')}&${SIGNATURE}`);
    expect(uploads.body).not.toContain('"vlist"');
    expect(uploads.body).not.toContain('"created"');
    const dynamics = await httpGet(`${server.url}/x/polymer/web-dynamic/v1/feed/space?host_mid=${mid('bl_changed')}`);
    expect(dynamics.body).not.toContain('"pub_ts"');
    expect(dynamics.body).toContain('"pub_timestamp"');
  });
});
