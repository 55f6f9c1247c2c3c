import type { FakeAccount } from '../population.ts';
import { hashString, seededChars, seededInteger } from '../random.ts';
import { isChinese, timeline, type FakePost } from '../timeline.ts';
import {
  chinaClock,
  escapeHtml,
  HTML_TYPE,
  jsonPage,
  pad2,
  unixSeconds,
  type PageContext,
  type PlatformFaultPages,
  type RenderedPage,
} from './page.ts';
import { DAY_MS } from '../../domain/durations.ts';

/**
 * Bilibili through the web client's public API: the user card (`x/web-interface/card`), the
 * navigation answer with the day's WBI keys (`x/web-interface/nav`, code -101 to visitors),
 * the WBI-signed uploads list (`x/space/wbi/arc/search`, refused with -403 unsigned) and the
 * space's dynamics (`x/polymer/web-dynamic/v1/feed/space`, the pinned one tagged 置顶 on top).
 * Every answer is HTTP 200 with a `code`: 0, -352 for risk control, -404 for no such user.
 *
 * Half an account's posts, and always its newest, are videos (listed by both the uploads and
 * the dynamics); the others are picture posts and reposts, in the dynamics only.
 */

/** Dynamics per page, as the space serves them. */
const DYNAMICS_PAGE_SIZE = 12;
const DEFAULT_UPLOADS_PAGE_SIZE = 30;
const MAX_UPLOADS_PAGE_SIZE = 50;
/** Posts walked to find an uploads page's videos: half of them are videos. */
const UPLOADS_WALK = 2 * MAX_UPLOADS_PAGE_SIZE;

const HEX = '0123456789abcdef';
const BASE58 = 'fZodR9XQDSUm21yCkr6zBqiveYah8bt4xsWpHnJE7jL5VG3guMTKNPAwcF';

const OTHER_AUTHOR = { mid: 546_195, name: '城市新闻' };

/**
 * A user id: mostly the short ids of accounts from before 2020, some the 16-digit ids Bilibili
 * has given since.
 */
export function bilibiliMid(key: string): string {
  if (hashString(`mid-era:${key}`) % 3 === 0) return String(seededInteger(`mid:${key}`, 3_493_000_000_000_000, 999_999_999_999));
  return String(seededInteger(`mid:${key}`, 100_000, 3_500_000_000));
}

/** GET /x/web-interface/card?mid=<mid> */
export function renderBilibiliCard(ctx: PageContext): RenderedPage {
  const { account } = ctx;
  const mid = bilibiliMid(account.key);
  return bilibiliJson(ctx, {
    code: 0,
    message: '0',
    ttl: 1,
    data: {
      card: {
        mid,
        name: account.displayName,
        approve: false,
        sex: '保密',
        rank: '10000',
        face: faceUrl(account),
        DisplayRank: '0',
        regtime: 0,
        spacesta: 0,
        birthday: '',
        place: '',
        description: '',
        article: 0,
        attentions: [],
        fans: account.followers,
        friend: hashString(`follows:${account.key}`) % 300,
        attention: hashString(`follows:${account.key}`) % 300,
        sign: isChinese(account) ? `${account.displayName}官方账号` : `Official account of ${account.displayName}`,
        level_info: { current_level: 6, current_min: 0, current_exp: 0, next_exp: 0 },
        pendant: { pid: 0, name: '', image: '', expire: 0, image_enhance: '', image_enhance_frame: '' },
        nameplate: { nid: 0, name: '', image: '', image_small: '', level: '', condition: '' },
        Official: { role: 3, title: `${account.displayName}官方账号`, desc: '', type: 1 },
        official_verify: { type: 1, desc: `${account.displayName}官方账号` },
        vip: { type: 0, status: 0, due_date: 0, vip_pay_type: 0, theme_type: 0, avatar_subscript: 0, nickname_color: '' },
      },
      space: { s_img: `http://i1.hdslb.com/bfs/space/${seededChars(`space:${account.key}`, HEX, 40)}.png`, l_img: '' },
      following: false,
      archive_count: videoCount(account),
      article_count: 0,
      follower: account.followers,
      like_num: (account.followers * 7) % 1_000_003,
    },
  });
}

/** GET /x/web-interface/nav: for a visitor, code -101 (not logged in) and the day's WBI keys all the same. */
export function renderBilibiliNav(now: Date): RenderedPage {
  const day = chinaClock(now).toISOString().slice(0, 10);
  const key = (name: string) => `https://i0.hdslb.com/bfs/wbi/${seededChars(`wbi:${name}:${day}`, HEX, 32)}.png`;
  return {
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({
      code: -101,
      message: '账号未登录',
      ttl: 1,
      data: { isLogin: false, wbi_img: { img_url: key('img'), sub_url: key('sub') } },
    }),
  };
}

/** GET /x/space/wbi/arc/search?mid=<mid>&ps=…&pn=…&wts=…&w_rid=… */
export function renderBilibiliUploads(ctx: PageContext, query: { pageSize: number | null; signed: boolean }): RenderedPage {
  if (!query.signed) return bilibiliJson(ctx, { code: -403, message: '访问权限不足', ttl: 1 });
  const { account } = ctx;
  const mid = bilibiliMid(account.key);
  const size = Math.min(Math.max(query.pageSize ?? DEFAULT_UPLOADS_PAGE_SIZE, 1), MAX_UPLOADS_PAGE_SIZE);
  const videos = timeline({ ...account, pinnedOld: false }, ctx.now, UPLOADS_WALK)
    .filter((post) => isVideo(account, post))
    .slice(0, size);
  return bilibiliJson(ctx, {
    code: 0,
    message: '0',
    ttl: 1,
    data: {
      list: {
        slist: [],
        tlist: videos.length ? { 138: { tid: 138, count: videoCount(account), name: '生活' } } : {},
        vlist: videos.map((post) => upload(ctx, post, mid)),
      },
      page: { pn: 1, ps: size, count: videoCount(account) },
      episodic_button: { text: '播放全部', uri: `//www.bilibili.com/medialist/play/${mid}?from=space` },
      is_risk: false,
      gaia_res_type: 0,
      gaia_data: null,
    },
  });
}

/** GET /x/polymer/web-dynamic/v1/feed/space?host_mid=<mid>&offset=… */
export function renderBilibiliDynamics(ctx: PageContext): RenderedPage {
  const posts = timeline(ctx.account, ctx.now, DYNAMICS_PAGE_SIZE);
  const items = posts.map((post) => dynamic(ctx, post));
  const last = items.at(-1);
  return bilibiliJson(ctx, {
    code: 0,
    message: '0',
    ttl: 1,
    data: {
      has_more: ctx.account.postCount > posts.length,
      items,
      offset: last ? last.id_str : '',
      update_baseline: '',
      update_num: 0,
    },
  });
}

/** GET /<mid>: the space page, built by script from the API. */
export function renderBilibiliSpace(ctx: PageContext): RenderedPage {
  const name = escapeHtml(ctx.account.displayName);
  return {
    status: 200,
    contentType: HTML_TYPE,
    body: `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${name}的个人空间-${name}个人主页-哔哩哔哩视频</title>
<meta name="keywords" content="${name},${name}的个人空间,哔哩哔哩,bilibili"></head>
<body><div id="app"></div>
<script src="//s1.hdslb.com/bfs/seed/jinkela/space/space.js"></script></body></html>
`,
  };
}

/** No such user: code -404, 啥都木有. */
export function bilibiliUserMissing(): RenderedPage {
  return {
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ code: -404, message: '啥都木有', ttl: 1, data: null }),
  };
}

/** Risk control: the request is refused until the client passes a check. */
function riskControl(ctx: PageContext): RenderedPage {
  const voucher = `voucher_${seededChars(`voucher:${ctx.account.key}`, HEX, 8)}-${seededChars(`voucher2:${ctx.account.key}`, HEX, 4)}`;
  return {
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ code: -352, message: '风控校验失败', ttl: 1, data: { v_voucher: voucher } }),
  };
}

export const BILIBILI_FAULT_PAGES: PlatformFaultPages = {
  'not-found': () => bilibiliUserMissing(),
  captcha: riskControl,
  'rate-limited': riskControl,
  'login-wall': () => ({
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ code: -101, message: '账号未登录', ttl: 1 }),
  }),
};

/** An API change: the user card, the dynamics' times and the uploads list renamed. */
const RENAMED: Readonly<Record<string, string>> = { card: 'user_card', pub_ts: 'pub_timestamp', vlist: 'video_list', created: 'ctime' };

function bilibiliJson(ctx: PageContext, value: unknown): RenderedPage {
  return jsonPage(ctx, value, RENAMED);
}

type Json = Record<string, unknown>;

/** Whether a post is a video: the newest always (so the uploads alone date the account right), else half, never a repost or the pin. */
function isVideo(account: FakeAccount, post: FakePost): boolean {
  if (post.pinned || post.repost) return false;
  return post.seq === account.postCount || hashString(`video:${account.key}:${post.seq}`) % 2 === 0;
}

/** How many videos the account has uploaded in all. */
function videoCount(account: FakeAccount): number {
  if (account.postCount === 0) return 0;
  let count = 1;
  for (let seq = 1; seq < account.postCount; seq++) if (hashString(`video:${account.key}:${seq}`) % 2 === 0) count++;
  return count;
}

function upload(ctx: PageContext, post: FakePost, mid: string): Json {
  const seconds = 60 + ((post.seq * 7_919) % 1_500);
  return {
    comment: post.seq % 97,
    typeid: 138,
    play: 100 + ((post.seq * 104_729) % 90_000),
    pic: `http://i0.hdslb.com/bfs/archive/${seededChars(`pic:${ctx.account.key}:${post.seq}`, HEX, 40)}.jpg`,
    subtitle: '',
    description: post.body,
    copyright: '1',
    title: post.title,
    review: 0,
    author: ctx.account.displayName,
    mid: Number(mid),
    created: unixSeconds(post.at),
    length: `${pad2(Math.floor(seconds / 60))}:${pad2(seconds % 60)}`,
    video_review: post.seq % 41,
    aid: aid(ctx.account, post),
    bvid: bvid(ctx.account, post),
    hide_click: false,
    is_pay: 0,
    is_union_video: 0,
    is_steins_gate: 0,
    is_live_playback: 0,
    is_lesson_video: 0,
    is_lesson_finished: 0,
    lesson_update_info: '',
    jump_url: '',
    meta: null,
    is_avoided: 0,
    season_id: 0,
    attribute: 16_512,
    is_charging_arc: false,
    elec_arc_type: 0,
    vt: 0,
    enable_vt: 0,
    vt_display: '',
    playback_position: 0,
    is_self_view: false,
  };
}

function dynamic(ctx: PageContext, post: FakePost): Json & { id_str: string } {
  const { account } = ctx;
  const id = dynamicId(post.at, post.seq);
  const video = isVideo(account, post);
  const modules: Json = {
    module_author: author(ctx, post, video),
    module_dynamic: post.repost
      ? { additional: null, desc: { rich_text_nodes: [richText('转发动态')], text: '转发动态' }, major: null, topic: null }
      : video
        ? { additional: null, desc: null, major: { type: 'MAJOR_TYPE_ARCHIVE', archive: archive(ctx, post) }, topic: null }
        : { additional: null, desc: null, major: { type: 'MAJOR_TYPE_OPUS', opus: opus(post, id) }, topic: null },
    module_stat: {
      comment: { count: post.seq % 31, forbidden: false },
      forward: { count: post.seq % 7, forbidden: false },
      like: { count: (post.seq * 3) % 211, forbidden: false, status: false },
    },
    module_more: { three_point_items: [{ label: '举报', type: 'THREE_POINT_REPORT' }] },
  };
  if (post.pinned) modules.module_tag = { text: '置顶' };
  const item: Json & { id_str: string } = {
    basic: {
      comment_id_str: video ? String(aid(account, post)) : id,
      comment_type: video ? 1 : 17,
      like_icon: { action_url: '', end_url: '', id: 0, start_url: '' },
      rid_str: video ? String(aid(account, post)) : id,
      ...(video ? {} : { jump_url: `//www.bilibili.com/opus/${id}` }),
    },
    id_str: id,
    modules,
    type: post.repost ? 'DYNAMIC_TYPE_FORWARD' : video ? 'DYNAMIC_TYPE_AV' : 'DYNAMIC_TYPE_DRAW',
    visible: true,
  };
  if (post.repost) item.orig = sharedDynamic(ctx, post);
  return item;
}

function author(ctx: PageContext, post: FakePost, video: boolean): Json {
  const { account } = ctx;
  const mid = bilibiliMid(account.key);
  return {
    face: faceUrl(account),
    face_nft: false,
    following: null,
    jump_url: `//space.bilibili.com/${mid}/dynamic`,
    label: '',
    mid: Number(mid),
    name: account.displayName,
    official_verify: { desc: '', type: 1 },
    pub_action: video ? '投稿了视频' : '',
    pub_location_text: '',
    pub_time: dynamicTime(ctx, post.at),
    pub_ts: unixSeconds(post.at),
    type: 'AUTHOR_TYPE_NORMAL',
  };
}

/** The dynamic a repost shares: someone else's, from before the repost. */
function sharedDynamic(ctx: PageContext, post: FakePost): Json {
  const at = new Date(post.at.getTime() - (1 + (post.seq % 4)) * DAY_MS);
  const id = dynamicId(at, post.seq + 17);
  return {
    basic: { comment_id_str: id, comment_type: 17, rid_str: id, jump_url: `//www.bilibili.com/opus/${id}` },
    id_str: id,
    modules: {
      module_author: {
        face: 'https://i0.hdslb.com/bfs/face/member/noface.jpg',
        jump_url: `//space.bilibili.com/${OTHER_AUTHOR.mid}/dynamic`,
        label: '',
        mid: OTHER_AUTHOR.mid,
        name: OTHER_AUTHOR.name,
        pub_action: '',
        pub_time: dynamicTime(ctx, at),
        pub_ts: unixSeconds(at),
        type: 'AUTHOR_TYPE_NORMAL',
      },
      module_dynamic: { additional: null, desc: null, major: { type: 'MAJOR_TYPE_OPUS', opus: opus(post, id) }, topic: null },
    },
    type: 'DYNAMIC_TYPE_DRAW',
    visible: true,
  };
}

function archive(ctx: PageContext, post: FakePost): Json {
  const seconds = 60 + ((post.seq * 7_919) % 1_500);
  const id = bvid(ctx.account, post);
  return {
    aid: String(aid(ctx.account, post)),
    badge: { bg_color: '#FB7299', color: '#FFFFFF', icon_url: null, text: '投稿视频' },
    bvid: id,
    cover: `http://i0.hdslb.com/bfs/archive/${seededChars(`pic:${ctx.account.key}:${post.seq}`, HEX, 40)}.jpg`,
    desc: post.body,
    disable_preview: 0,
    duration_text: `${pad2(Math.floor(seconds / 60))}:${pad2(seconds % 60)}`,
    jump_url: `//www.bilibili.com/video/${id}/`,
    stat: { danmaku: String(post.seq % 41), play: String(100 + ((post.seq * 104_729) % 90_000)) },
    title: post.title,
    type: 1,
  };
}

function opus(post: FakePost, id: string): Json {
  return {
    fold_action: ['展开', '收起'],
    jump_url: `//www.bilibili.com/opus/${id}`,
    pics: [],
    summary: { rich_text_nodes: [richText(post.body)], text: post.body },
    title: post.title,
  };
}

function richText(text: string): Json {
  return { orig_text: text, text, type: 'RICH_TEXT_NODE_TYPE_TEXT' };
}

/**
 * The time a dynamic shows: "刚刚", "N分钟前", "N小时前", "昨天", "N天前" within the week,
 * "MM月DD日" this year, "YYYY年MM月DD日" before. Clients read the exact `pub_ts` beside it.
 */
export function dynamicTime(ctx: PageContext, at: Date): string {
  const seconds = Math.floor((ctx.now.getTime() - at.getTime()) / 1000);
  if (seconds < 60) return '刚刚';
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}分钟前`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)}小时前`;
  const days = Math.floor(seconds / 86_400);
  if (days === 1) return '昨天';
  if (days < 7) return `${days}天前`;
  const local = chinaClock(at);
  const date = `${pad2(local.getUTCMonth() + 1)}月${pad2(local.getUTCDate())}日`;
  return local.getUTCFullYear() === chinaClock(ctx.now).getUTCFullYear() ? date : `${local.getUTCFullYear()}年${date}`;
}

/** Dynamic ids grow with time, as Bilibili's do. */
function dynamicId(at: Date, seq: number): string {
  return ((BigInt(unixSeconds(at)) << 32n) + BigInt(seq)).toString();
}

function aid(account: FakeAccount, post: FakePost): number {
  return seededInteger(`aid:${account.key}:${post.seq}`, 100_000_000, 900_000_000_000_000);
}

function bvid(account: FakeAccount, post: FakePost): string {
  return `BV1${seededChars(`bvid:${account.key}:${post.seq}`, BASE58, 9)}`;
}

function faceUrl(account: FakeAccount): string {
  return `https://i0.hdslb.com/bfs/face/${seededChars(`face:${account.key}`, HEX, 40)}.jpg`;
}
