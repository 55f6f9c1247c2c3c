import type { FakeAccount } from '../population.ts';
import { hashString, seededInteger } from '../random.ts';
import { isChinese, timeline, type FakePost } from '../timeline.ts';
import { formatChineseCount } from './profile.ts';
import {
  chinaClock,
  escapeHtml,
  HTML_TYPE,
  JSON_TYPE,
  jsonPage,
  pad2,
  unixSeconds,
  type PageContext,
  type PlatformFaultPages,
  type RenderedPage,
} from './page.ts';
import { DAY_MS } from '../../domain/durations.ts';

/**
 * Weibo through the API its mobile site (m.weibo.cn) calls: `container/getIndex?type=uid&value=<uid>`
 * for the account (`userInfo`, and the tabs that name its posts container `107603<uid>`), then
 * the same with `containerid=107603<uid>` for its posts as `card_type` 9 cards, a pinned one
 * (`isTop`, `mblogtype` 2, titled 置顶) on top and reposts carrying `retweeted_status`.
 *
 * Two eras of the API are served, one per account: the one of 2019 (counts as numbers, times as
 * the site shows them: "刚刚", "3小时前", "昨天 14:22", "06-14", older years in full) and today's
 * (big counts as text, "6335.7万", and every time in full: "Tue Jun 04 10:13:27 +0800 2019").
 */

/** Posts on one page of the container, as the site pages them. */
const PAGE_SIZE = 10;
/** The container of an account's posts: this prefix and its uid. */
const POSTS_CONTAINER_PREFIX = '107603';
/** Weibo ids (`mid`) carry their time in seconds since this instant, above 22 bits. */
const MID_EPOCH_SECONDS = 515_483_463;

const OTHER_USER = { id: 2_803_301_701, screen_name: '人民日报' };

/** A ten-digit uid, as Weibo's older accounts have. */
export function weiboUid(key: string): string {
  return String(seededInteger(`uid:${key}`, 1_000_000_000, 6_999_999_999));
}

export function weiboPostsContainer(key: string): string {
  return `${POSTS_CONTAINER_PREFIX}${weiboUid(key)}`;
}

/** GET /api/container/getIndex?type=uid&value=<uid> */
export function renderWeiboProfile(ctx: PageContext): RenderedPage {
  const { account, base } = ctx;
  const uid = weiboUid(account.key);
  const articles = `2303190002_445_${uid}_WEIBO_ARTICLE_LIST_DETAIL`;
  return weiboJson(ctx, {
    ok: 1,
    data: {
      avatar_guide: [],
      isStarStyle: 0,
      userInfo: {
        ...userFields(ctx),
        toolbar_menus: [
          { type: 'profile_follow', name: '关注', pic: '', params: { uid: Number(uid) } },
          {
            type: 'link',
            name: '文章',
            pic: '',
            params: { scheme: `sinaweibo://cardlist?containerid=${articles}&count=20` },
            scheme: `${base}/p/index?containerid=${articles}&count=20&luicode=10000011&lfid=100505${uid}`,
          },
        ],
      },
      fans_scheme: `${base}/p/index?containerid=231051_-_fans_intimacy_-_${uid}&luicode=10000011&lfid=100505${uid}`,
      follow_scheme: `${base}/p/index?containerid=231051_-_followersrecomm_-_${uid}&luicode=10000011&lfid=100505${uid}`,
      tabsInfo: {
        selectedTab: 1,
        tabs: [
          { id: 1, tabKey: 'profile', must_show: 1, hidden: 0, title: '主页', tab_type: 'profile', containerid: `230283${uid}` },
          {
            id: 2,
            tabKey: 'weibo',
            must_show: 1,
            hidden: 0,
            title: '微博',
            tab_type: 'weibo',
            containerid: weiboPostsContainer(account.key),
            apipath: '/profile/statuses',
            url: '/index/my',
          },
          { id: 10, tabKey: 'album', must_show: 0, hidden: 0, title: '相册', tab_type: 'album', containerid: `107803${uid}` },
        ],
      },
      scheme: `sinaweibo://userinfo?uid=${uid}&type=uid&value=${uid}&luicode=10000011&lfid=100505${uid}`,
      showAppTips: 1,
    },
  });
}

/** GET /api/container/getIndex?type=uid&value=<uid>&containerid=107603<uid>[&since_id=…] */
export function renderWeiboPosts(ctx: PageContext): RenderedPage {
  const { account, base } = ctx;
  const container = weiboPostsContainer(account.key);
  const posts = timeline(account, ctx.now, PAGE_SIZE);
  // An account without posts: the API's "nothing here", with an empty list.
  if (posts.length === 0) return weiboJson(ctx, { ok: 0, msg: '这里还没有内容', data: { cards: [] } });
  const oldest = posts.filter((post) => !post.pinned).at(-1);
  return weiboJson(ctx, {
    ok: 1,
    data: {
      cardlistInfo: {
        containerid: container,
        v_p: 42,
        show_style: 1,
        total: account.postCount + (hashString(`deleted:${account.key}`) % 5),
        since_id: oldest ? Number(weiboMid(oldest)) : 0,
      },
      cards: posts.map((post) => ({
        card_type: 9,
        itemid: `${container}_-_${weiboMid(post)}`,
        scheme: `${base}/status/${weiboBid(weiboMid(post))}?mblogid=${weiboBid(weiboMid(post))}&luicode=10000011&lfid=${container}`,
        mblog: mblog(ctx, post),
        show_type: 0,
      })),
      scheme: `sinaweibo://cardlist?containerid=${container}&type=uid&value=${weiboUid(account.key)}`,
      showAppTips: 0,
    },
  });
}

/** GET /u/<uid>: the mobile site's page, built by script from the API. */
export function renderWeiboWebProfile(ctx: PageContext): RenderedPage {
  return {
    status: 200,
    contentType: HTML_TYPE,
    body: `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>微博</title>
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<meta name="description" content="${escapeHtml(ctx.account.displayName)}的微博"></head>
<body><div id="app" class="m-container-max"></div>
<script src="https://h5.sinaimg.cn/m/weibo-lite/js/app.js"></script></body></html>
`,
  };
}

/** GET /visitor/visitor?…: Sina's visitor system, where Weibo sends clients without its cookies. */
export function renderWeiboVisitorSystem(): RenderedPage {
  return {
    status: 200,
    contentType: HTML_TYPE,
    body: `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>Sina Visitor System</title></head>
<body><span id="message"></span>
<script type="text/javascript" src="/js/visitor/mini_original.js?v=20161116"></script>
<script type="text/javascript">
window.use_fp = "1" == "1";
var url = url || {};
(function () {
  this.l = function (u) { var s = document.createElement("script"); s.src = u; document.body.appendChild(s); };
}).call(url);
url.l("https://passport.weibo.com/visitor/genvisitor?cb=gen_callback");
</script>
</body></html>
`,
  };
}

/** Weibo's answer for a uid with no account behind it. */
export function weiboUserMissing(): RenderedPage {
  return { status: 200, contentType: JSON_TYPE, body: JSON.stringify({ ok: 0, msg: '用户不存在' }) };
}

export const WEIBO_FAULT_PAGES: PlatformFaultPages = {
  'not-found': () => weiboUserMissing(),
  // Weibo's own status for clients it turns away.
  'rate-limited': () => ({ status: 432, contentType: HTML_TYPE, body: '<html><body><h1>432</h1></body></html>\n' }),
  // Clients without the visitor system's cookies are sent to it.
  'login-wall': (ctx) => {
    const back = encodeURIComponent(`https://m.weibo.cn/u/${weiboUid(ctx.account.key)}`);
    const location = `${ctx.base}/visitor/visitor?entry=miniblog&a=enter&url=${back}&domain=.weibo.cn&ua=php-sso_sdk_client-0.6.36`;
    return { status: 302, contentType: HTML_TYPE, body: '', headers: { Location: location } };
  },
};

/** An API change: times, the user object and the post object renamed. */
const RENAMED: Readonly<Record<string, string>> = { created_at: 'create_time', userInfo: 'user_info', mblog: 'status' };

function weiboJson(ctx: PageContext, value: unknown): RenderedPage {
  return jsonPage(ctx, value, RENAMED);
}

type Json = Record<string, unknown>;

/** Accounts of today's API era; the others are served as in 2019. */
function modernEra(account: FakeAccount): boolean {
  return hashString(`weibo-era:${account.key}`) % 2 === 0;
}

function userFields(ctx: PageContext): Json {
  const { account, base } = ctx;
  const uid = weiboUid(account.key);
  const followers = modernEra(account) && account.followers >= 10_000 ? formatChineseCount(account.followers) : account.followers;
  return {
    id: Number(uid),
    screen_name: account.displayName,
    profile_image_url: `https://tvax1.sinaimg.cn/crop.0.0.180.180.180/${uid.slice(-8)}ly8g.jpg`,
    profile_url: `${base}/u/${uid}?uid=${uid}&luicode=10000011&lfid=100505${uid}`,
    statuses_count: account.postCount,
    verified: true,
    verified_type: 1,
    verified_reason: isChinese(account) ? `${account.displayName}官方微博` : `Official Weibo of ${account.displayName}`,
    close_blue_v: false,
    description: isChinese(account) ? `${account.displayName}官方微博` : '',
    gender: 'm',
    mbtype: 0,
    urank: 20 + (hashString(`urank:${account.key}`) % 30),
    mbrank: 0,
    follow_me: false,
    following: false,
    followers_count: followers,
    follow_count: hashString(`follows:${account.key}`) % 500,
    cover_image_phone: 'https://tva1.sinaimg.cn/crop.0.0.640.640.640/549d0121tw1egm1kjly3jj20hs0hsq4f.jpg',
    avatar_hd: `https://wx1.sinaimg.cn/orj480/${uid.slice(-8)}ly8g.jpg`,
    like: false,
    like_me: false,
  };
}

function mblog(ctx: PageContext, post: FakePost): Json {
  const mid = weiboMid(post);
  const own: Json = {
    created_at: weiboTime(ctx, post.at),
    id: mid,
    idstr: mid,
    mid,
    can_edit: false,
    show_additional_indication: 0,
    text: post.repost ? `转发微博` : escapeHtml(post.text),
    textLength: post.text.length * 2,
    source: post.seq % 2 === 0 ? '微博 weibo.com' : 'iPhone客户端',
    favorited: false,
    pic_ids: [],
    is_paid: false,
    mblog_vip_type: 0,
    user: userFields(ctx),
    reposts_count: post.seq % 17,
    comments_count: post.seq % 23,
    attitudes_count: (post.seq * 7) % 151,
    pending_approval_count: 0,
    isLongText: false,
    reward_exhibition_type: 0,
    hide_flag: 0,
    visible: { type: 0, list_id: 0 },
    mblogtype: post.pinned ? 2 : 0,
    more_info_type: 0,
    content_auth: 0,
    edit_config: { edited: false },
    weibo_position: post.repost ? 2 : 1,
    show_attitude_bar: 0,
    bid: weiboBid(mid),
  };
  if (post.pinned) {
    own.isTop = 1;
    own.title = { text: '置顶', base_color: 1 };
  }
  if (post.repost) own.retweeted_status = retweeted(ctx, post);
  return own;
}

/** The post a repost shares: someone else's, from before the repost. */
function retweeted(ctx: PageContext, post: FakePost): Json {
  const at = new Date(post.at.getTime() - (1 + (post.seq % 3)) * DAY_MS);
  const mid = weiboMidAt(at, post.seq + 11);
  return {
    created_at: weiboTime(ctx, at),
    id: mid,
    idstr: mid,
    mid,
    text: escapeHtml(post.title),
    source: '微博 weibo.com',
    user: {
      id: OTHER_USER.id,
      screen_name: OTHER_USER.screen_name,
      verified: true,
      followers_count: modernEra(ctx.account) ? '1.6亿' : 160_000_000,
    },
    reposts_count: 1_000 + post.seq,
    comments_count: 500 + post.seq,
    attitudes_count: 9_000 + post.seq,
    mblogtype: 0,
    bid: weiboBid(mid),
  };
}

/**
 * How Weibo dates a post. Today's API writes every time in full; the 2019 site wrote it as it
 * showed it: "刚刚", "N分钟前", "N小时前" within a day, "昨天 HH:MM", "MM-DD" this year, and
 * earlier years in full.
 */
export function weiboTime(ctx: PageContext, at: Date): string {
  const full = fullTime(at);
  if (modernEra(ctx.account)) return full;
  const seconds = Math.floor((ctx.now.getTime() - at.getTime()) / 1000);
  if (seconds < 60) return '刚刚';
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}分钟前`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)}小时前`;
  const local = chinaClock(at);
  const today = chinaClock(ctx.now);
  const yesterday = new Date(today.getTime() - DAY_MS);
  if (sameDay(local, yesterday)) return `昨天 ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
  if (local.getUTCFullYear() === today.getUTCFullYear()) return `${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
  return full;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue Jun 04 10:13:27 +0800 2019" */
function fullTime(at: Date): string {
  const d = chinaClock(at);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${time} +0800 ${d.getUTCFullYear()}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getUTCFullYear() === b.getUTCFullYear() && a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() === b.getUTCDate();
}

function weiboMid(post: FakePost): string {
  return weiboMidAt(post.at, post.seq);
}

/** A post id as Weibo makes them: its time in seconds (since Weibo's epoch) above 22 bits of sequence. */
function weiboMidAt(at: Date, seq: number): string {
  return ((BigInt(unixSeconds(at) - MID_EPOCH_SECONDS) << 22n) + BigInt((seq * 2_654_435) % 4_194_304)).toString();
}

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The post's short id in URLs (`bid`): the mid's decimal digits in groups of seven from the right, each in base 62. */
export function weiboBid(mid: string): string {
  const groups: string[] = [];
  for (let end = mid.length; end > 0; end -= 7) groups.unshift(mid.slice(Math.max(0, end - 7), end));
  return groups
    .map((group, i) => {
      let n = Number(group);
      let text = '';
      do {
        text = BASE62[n % 62] + text;
        n = Math.floor(n / 62);
      } while (n > 0);
      return i === 0 ? text : text.padStart(4, '0');
    })
    .join('');
}
