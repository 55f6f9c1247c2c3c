import type { FakeAccount } from '../population.ts';
import { seededChars, seededInteger } from '../random.ts';
import { MAX_WINDOW, timeline, type FakePost } from '../timeline.ts';
import {
  chinaClock,
  escapeHtml,
  HTML_TYPE,
  pad2,
  unixSeconds,
  type PageContext,
  type PlatformFaultPages,
  type RenderedPage,
} from './page.ts';

/**
 * A WeChat official account (公众号), which has no public profile page: one of its articles
 * (`/s/<token>`, with the account's `biz` and the article's `var ct` in its scripts) and the
 * account's history page (`mp/profile_ext?action=home&__biz=…`, its messages in `msgList`,
 * newest first). And the pages WeChat serves instead: "open in WeChat", the verification page,
 * a closed account's notice.
 */

/** Messages on the history page's first screen. */
const HISTORY_SIZE = 10;
/** Article message ids (`mid`) grow from here with the account's posts. */
const MID_BASE = 2_247_483_000;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789abcdef';

/** The account's `__biz`: base64 of its ten-digit numeric id, as WeChat writes it ("MzA4ODUzNjAxOA=="). */
export function wechatBiz(key: string): string {
  return Buffer.from(String(seededInteger(`biz:${key}`, 3_000_000_000, 999_999_999))).toString('base64');
}

/** The short link of the article an account is registered by (`/s/<token>`). */
export function wechatArticleToken(key: string): string {
  return seededChars(`article:${key}`, BASE64URL, 22);
}

/** The account's history page, on `base`. */
export function wechatHistoryPath(key: string): string {
  return `/mp/profile_ext?action=home&__biz=${encodeURIComponent(wechatBiz(key))}&scene=124`;
}

/**
 * GET /s/<token>: the article a user copied the link of, one of the account's older ones (the
 * oldest its history still shows at the server's clock). GET /s?__biz=…&mid=…: any article
 * by its message id.
 */
export function renderWechatArticle(ctx: PageContext, mid: number | null): RenderedPage {
  const posts = timeline({ ...ctx.account, pinnedOld: false }, ctx.now, MAX_WINDOW);
  const post = mid === null ? posts.at(-1) : posts.find((p) => MID_BASE + p.seq === mid);
  if (!post) return deletedArticle();
  return { status: 200, contentType: HTML_TYPE, body: redesigned(ctx, articleHtml(ctx, post)) };
}

/** GET /mp/profile_ext?action=home&__biz=… */
export function renderWechatHistory(ctx: PageContext): RenderedPage {
  const { account } = ctx;
  const name = escapeHtml(account.displayName);
  const messages = timeline({ ...account, pinnedOld: false }, ctx.now, HISTORY_SIZE).map((post) => message(ctx, post));
  const list = entityEncode(JSON.stringify({ list: messages }));
  const body = `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0">
<title>${name}</title>
<link rel="stylesheet" href="//res.wx.qq.com/mmbizwap/zh_CN/htmledition/style/page/profile/profile_ext.css">
</head>
<body id="activity-detail" class="zh_CN">
<div class="page_profile_info">
  <div class="profile_info_area">
    <div class="profile_info">
      <strong class="profile_nickname" id="nickname">
        ${name}
      </strong>
      <p class="profile_account">微信号: ${escapeHtml(wechatUserName(account))}</p>
    </div>
  </div>
</div>
<div class="weui-panel" id="js_container"></div>
<div class="loadmore" id="js_loadmore" style="display:none">正在加载</div>
<script nonce="${seededChars(`nonce:${account.key}`, HEX, 9)}" type="text/javascript">
var __biz = "${wechatBiz(account.key)}";
var nickname = ${JSON.stringify(account.displayName)} || "";
var username = "${wechatUserName(account)}" || "";
var is_ok = "1";
var msgList = '${list}';
var can_msg_continue = '${account.postCount > HISTORY_SIZE ? 1 : 0}';
</script>
</body>
</html>
`;
  return { status: 200, contentType: HTML_TYPE, body: redesigned(ctx, body) };
}

export const WECHAT_FAULT_PAGES: PlatformFaultPages = {
  // The history page outside WeChat's own browser.
  'login-wall': () => notice('验证', '请在微信客户端打开链接'),
  captcha: () => ({
    status: 200,
    contentType: HTML_TYPE,
    body: `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>环境异常</title>
<link rel="stylesheet" href="//res.wx.qq.com/mmbizwap/zh_CN/htmledition/style/page/appmsg/wappoc_appmsgcaptcha.css"></head>
<body>
<div class="weui-msg">
  <h2 class="weui-msg__title">环境异常</h2>
  <p class="weui-msg__desc">当前环境异常，完成验证后即可继续访问。</p>
  <a id="js_verify" class="weui-btn weui-btn_primary" href="javascript:;">去验证</a>
</div>
</body>
</html>
`,
  }),
  'rate-limited': () => notice('访问过于频繁', '访问过于频繁，请用微信扫描二维码进行访问'),
  // A closed account's article and history both show its notice, with a 200.
  'not-found': () => notice('微信公众平台', '此帐号已自主注销，内容无法查看'),
};

type Json = Record<string, unknown>;

function articleHtml(ctx: PageContext, post: FakePost): string {
  const { account, base } = ctx;
  const biz = wechatBiz(account.key);
  const mid = MID_BASE + post.seq;
  const sn = seededChars(`sn:${account.key}:${post.seq}`, HEX, 32);
  const link = `${base}/s?__biz=${biz}&amp;mid=${mid}&amp;idx=1&amp;sn=${sn}#rd`;
  const name = escapeHtml(account.displayName);
  const nonce = seededChars(`nonce:${account.key}`, '0123456789', 10);
  // The publish time sits in a script near the end, after the whole article, as on the real page.
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0,viewport-fit=cover">
<script nonce="${nonce}" type="text/javascript">
    var biz = ""||"${biz}";
    var sn = "" || ""|| "${sn}";
    var mid = "" || ""|| "${mid}";
    var idx = "" || "" || "1";
</script>
<title>${escapeHtml(post.title)}</title>
<meta property="og:title" content="${escapeHtml(post.title)}">
<meta property="og:url" content="${link}">
</head>
<body id="activity-detail" class="zh_CN wx_wap_page">
<div id="js_article" class="rich_media">
  <div class="rich_media_inner">
    <div id="page-content" class="rich_media_area_primary">
      <div id="img-content" class="rich_media_wrp">
        <h1 class="rich_media_title" id="activity-name">
          ${escapeHtml(post.title)}
        </h1>
        <div id="meta_content" class="rich_media_meta_list">
          <span class="rich_media_meta rich_media_meta_text">${name}</span>
          <span class="rich_media_meta rich_media_meta_nickname" id="profileBt">
            <a href="javascript:void(0);" class="wx_tap_link js_wx_tap_highlight weui-wa-hotarea" id="js_name">${name}</a>
          </span>
          <em id="publish_time" class="rich_media_meta rich_media_meta_text"></em>
        </div>
        <div class="rich_media_content js_underline_content" id="js_content" style="visibility: hidden;">
          ${paragraphs(post)}
        </div>
      </div>
    </div>
  </div>
</div>
<script nonce="${nonce}" type="text/javascript">
    var appuin = ""||"${biz}";
    var nickname = ${JSON.stringify(account.displayName)};
    var ct = "${unixSeconds(post.at)}";
    var publish_time = "${chinaDate(post.at)}" || "";
    var user_name = "${wechatUserName(account)}";
    var msg_title = ${JSON.stringify(post.title)};
    var msg_desc = ${JSON.stringify(post.body)};
    var msg_link = "${link}";
    var copyright_stat = "1";
</script>
</body>
</html>
`;
}

function paragraphs(post: FakePost): string {
  return [post.body, post.text, post.body]
    .map((text) => `<p style="text-indent: 2em;"><span style="font-size: 16px;">${escapeHtml(text)}</span></p>`)
    .join('\n          ');
}

/** One message of the history: a mass send, now and then with a second article. */
function message(ctx: PageContext, post: FakePost): Json {
  const { account, base } = ctx;
  const biz = wechatBiz(account.key);
  const mid = MID_BASE + post.seq;
  const url = (idx: number) =>
    `${base}/s?__biz=${biz}&amp;mid=${mid}&amp;idx=${idx}&amp;sn=${seededChars(`sn:${account.key}:${post.seq}`, HEX, 32)}#rd`;
  const multi = post.seq % 3 === 0;
  return {
    comm_msg_info: {
      id: mid,
      type: 49,
      datetime: unixSeconds(post.at),
      fakeid: Buffer.from(biz, 'base64').toString('latin1'),
      status: 2,
      content: '',
    },
    app_msg_ext_info: {
      title: post.title,
      digest: post.body,
      content_url: url(1),
      fileid: 0,
      author: account.displayName,
      is_multi: multi ? 1 : 0,
      multi_app_msg_item_list: multi ? [{ title: `附：${post.title}`, digest: '', content_url: url(2), author: account.displayName }] : [],
      subtype: 9,
      del_flag: 1,
      copyright_stat: post.repost ? 101 : 11,
    },
  };
}

/** The page assigns the history as an entity-encoded JSON string, as newer history pages do. */
function entityEncode(json: string): string {
  return json.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function wechatUserName(account: FakeAccount): string {
  return `gh_${seededChars(`gh:${account.key}`, HEX, 12)}`;
}

function chinaDate(at: Date): string {
  const d = chinaClock(at);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function deletedArticle(): RenderedPage {
  return notice('微信公众平台', '该内容已被发布者删除');
}

function notice(title: string, text: string): RenderedPage {
  return {
    status: 200,
    contentType: HTML_TYPE,
    body: `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
<div class="weui-msg">
  <div class="weui-msg__text-area">
    <h2 class="weui-msg__title">${text}</h2>
  </div>
</div>
</body>
</html>
`,
  };
}

/** A redesign of WeChat's pages: every publish-time source and the history's list renamed. */
function redesigned(ctx: PageContext, body: string): string {
  if (!ctx.changedMarkup) return body;
  return body
    .replace(/var ct = /g, 'var create_timestamp = ')
    .replace(/var publish_time = /g, 'var pub_date_text = ')
    .replace(/id="publish_time"/g, 'id="js_pub_date"')
    .replace(/id="activity-name"/g, 'id="js_article_title"')
    .replace(/id="js_name"/g, 'id="js_account_name"')
    .replace(/var msgList = /g, 'var appmsg_list = ');
}
