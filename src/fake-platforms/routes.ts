import {
  BILIBILI_FAULT_PAGES,
  bilibiliMid,
  bilibiliUserMissing,
  renderBilibiliCard,
  renderBilibiliDynamics,
  renderBilibiliNav,
  renderBilibiliSpace,
  renderBilibiliUploads,
} from './pages/bilibili.ts';
import {
  BLUESKY_FAULT_PAGES,
  blueskyDid,
  blueskyHandle,
  blueskyProfileNotFound,
  renderBlueskyAuthorFeed,
  renderBlueskyProfile,
  renderBlueskyWebProfile,
} from './pages/bluesky.ts';
import { lookupKey, mastodonId, renderMastodonAccount, renderMastodonProfile, renderMastodonStatuses } from './pages/mastodon.ts';
import { renderFeed, type FeedFormat } from './pages/feed.ts';
import type { PageContext, PlatformFaultPages, RenderedPage } from './pages/page.ts';
import { renderAppData, renderAppShell, renderStaticProfile } from './pages/profile.ts';
import { renderTelegramPreview } from './pages/telegram.ts';
import {
  renderWeiboPosts,
  renderWeiboProfile,
  renderWeiboVisitorSystem,
  renderWeiboWebProfile,
  WEIBO_FAULT_PAGES,
  weiboPostsContainer,
  weiboUid,
  weiboUserMissing,
} from './pages/weibo.ts';
import { renderWechatArticle, renderWechatHistory, WECHAT_FAULT_PAGES, wechatArticleToken, wechatBiz } from './pages/wechat.ts';
import { renderYoutubeChannel, renderYoutubeFeed, YOUTUBE_FAULT_PAGES, youtubeChannelId, youtubeNotFound } from './pages/youtube.ts';
import type { FakeAccount } from './population.ts';

/** A request matched to an account page. */
export interface Route {
  account: FakeAccount;
  /** Names the rendered body in the cache: the path plus the query parameters that change it. */
  cacheKey: string;
  /** An API endpoint: errors are answered in JSON, as the platform's API does. */
  api: boolean;
  /** Fetched by the page's own script rather than by the client (the browser build's data). */
  subresource?: boolean;
  /** The platform's own answers to faults, where they differ from the generic pages. */
  faultPages?: PlatformFaultPages;
  render(ctx: PageContext): RenderedPage;
}

/**
 * The other names an account's URLs use besides its key: ids the platform hands out (a Mastodon
 * id, a DID), handles, and for WeChat the ids of its article and of the account.
 */
function accountAliases(account: FakeAccount): string[] {
  switch (account.platform) {
    case 'mastodon':
      return [mastodonId(account.key)];
    case 'bluesky':
      return [blueskyHandle(account.key), blueskyDid(account.key)];
    case 'youtube':
      return [youtubeChannelId(account.key)];
    case 'wechat':
      return [wechatArticleToken(account.key), wechatBiz(account.key)];
    case 'weibo':
      return [weiboUid(account.key)];
    case 'bilibili':
      return [bilibiliMid(account.key)];
    default:
      return [];
  }
}

/** Finds accounts by the names their URLs use. */
export class AccountIndex {
  private readonly byKey = new Map<string, FakeAccount>();
  /** `platform:alias` → account. */
  private readonly byAlias = new Map<string, FakeAccount>();

  constructor(accounts: readonly FakeAccount[]) {
    for (const account of accounts) {
      if (this.byKey.has(account.key)) throw new Error(`duplicate fake account key "${account.key}"`);
      this.byKey.set(account.key, account);
      for (const alias of accountAliases(account)) {
        const taken = this.byAlias.get(`${account.platform}:${alias}`);
        if (taken) throw new Error(`fake accounts "${taken.key}" and "${account.key}" share the ${account.platform} id ${alias}`);
        this.byAlias.set(`${account.platform}:${alias}`, account);
      }
    }
  }

  find(key: string, platform: FakeAccount['platform'], variant?: FakeAccount['variant']): FakeAccount | null {
    const account = this.byKey.get(key);
    if (!account || account.platform !== platform) return null;
    return variant === undefined || account.variant === variant ? account : null;
  }

  /** The account of any platform with this key. */
  findAny(key: string): FakeAccount | null {
    return this.byKey.get(key) ?? null;
  }

  /** Puts `account` in place of the account with its key (and ids). */
  replace(account: FakeAccount): void {
    if (!this.byKey.has(account.key)) throw new Error(`no fake account "${account.key}"`);
    this.byKey.set(account.key, account);
    for (const alias of accountAliases(account)) this.byAlias.set(`${account.platform}:${alias}`, account);
  }

  /** The account a platform knows by this id or handle. */
  findAlias(platform: FakeAccount['platform'], alias: string): FakeAccount | null {
    return this.byAlias.get(`${platform}:${alias}`) ?? null;
  }
}

const KEY = '([A-Za-z0-9_-]+)';
const TELEGRAM = new RegExp(`^/(?:s/)?${KEY}/?$`);
const AT_KEY = new RegExp(`^/@${KEY}/?$`);
const MASTODON_ACCOUNT = /^\/api\/v1\/accounts\/(\d+)$/;
const MASTODON_STATUSES = /^\/api\/v1\/accounts\/(\d+)\/statuses$/;
const FEED = new RegExp(`^/feeds/${KEY}\\.(rss|atom|json)$`);
const STATIC_PAGE = new RegExp(`^/pages/${KEY}/?$`);
const APP_SHELL = new RegExp(`^/app/${KEY}/?$`);
const APP_DATA = new RegExp(`^/app/${KEY}/data\\.json$`);
const BLUESKY_PROFILE = '/xrpc/app.bsky.actor.getProfile';
const BLUESKY_FEED = '/xrpc/app.bsky.feed.getAuthorFeed';
const BLUESKY_WEB_PROFILE = /^\/profile\/([^/]+)\/?$/;
const YOUTUBE_VIDEOS = new RegExp(`^/@${KEY}/videos/?$`);
const YOUTUBE_CHANNEL = /^\/channel\/(UC[A-Za-z0-9_-]{22})(\/videos)?\/?$/;
const YOUTUBE_FEED = '/feeds/videos.xml';
const WECHAT_SHORT_LINK = /^\/s\/([A-Za-z0-9_-]{22})\/?$/;
const WECHAT_LONG_LINK = '/s';
const WECHAT_HISTORY = '/mp/profile_ext';
const WEIBO_API = '/api/container/getIndex';
const WEIBO_WEB_PROFILE = /^\/u\/(\d+)\/?$/;
const WEIBO_VISITOR_SYSTEM = '/visitor/visitor';
const BILIBILI_CARD = '/x/web-interface/card';
const BILIBILI_NAV = '/x/web-interface/nav';
const BILIBILI_UPLOADS = '/x/space/wbi/arc/search';
const BILIBILI_DYNAMICS = '/x/polymer/web-dynamic/v1/feed/space';
const BILIBILI_SPACE = /^\/(\d+)\/?$/;
/** A WBI signature: the MD5 of the sorted query and the day's mixin key. */
const WBI_SIGNATURE = /^[0-9a-f]{32}$/;

/**
 * Maps a request to the account page it asks for, or null (404). Query strings are ignored
 * except where the real endpoint reads them (Mastodon's acct, limit and pinned; the account
 * and page size of the other platforms' APIs).
 */
export function resolveRoute(url: URL, index: AccountIndex): Route | null {
  const path = url.pathname;
  let m: RegExpExecArray | null;
  const page = (account: FakeAccount | null, render: Route['render'], api = false, cacheKey = path): Route | null =>
    account ? { account, cacheKey, api, render } : null;
  const withFaults = (route: Route | null, faultPages: PlatformFaultPages): Route | null => route && { ...route, faultPages };

  if (path === BLUESKY_PROFILE) {
    const account = blueskyActor(url, index);
    return withFaults(page(account, renderBlueskyProfile, true, `${path}?actor=${account?.key}`), BLUESKY_FAULT_PAGES);
  }
  if (path === BLUESKY_FEED) {
    const account = blueskyActor(url, index);
    const limit = Number.parseInt(url.searchParams.get('limit') ?? '', 10);
    const query = { limit: Number.isFinite(limit) ? limit : null, includePins: url.searchParams.get('includePins') === 'true' };
    const cacheKey = `${path}?actor=${account?.key}&limit=${query.limit}&pins=${query.includePins}`;
    return withFaults(
      page(account, (ctx) => renderBlueskyAuthorFeed(ctx, query), true, cacheKey),
      BLUESKY_FAULT_PAGES,
    );
  }
  if ((m = WECHAT_SHORT_LINK.exec(path)) && index.findAlias('wechat', m[1] ?? '')) {
    const account = index.findAlias('wechat', m[1] ?? '');
    return withFaults(
      page(account, (ctx) => renderWechatArticle(ctx, null)),
      WECHAT_FAULT_PAGES,
    );
  }
  if (path === WECHAT_LONG_LINK && url.searchParams.has('__biz')) {
    const account = index.findAlias('wechat', url.searchParams.get('__biz') ?? '');
    const mid = Number.parseInt(url.searchParams.get('mid') ?? '', 10);
    const article = Number.isFinite(mid) ? mid : null;
    return withFaults(
      page(account, (ctx) => renderWechatArticle(ctx, article), false, `${path}?key=${account?.key}&mid=${article}`),
      WECHAT_FAULT_PAGES,
    );
  }
  if (path === WECHAT_HISTORY && url.searchParams.get('action') === 'home') {
    const account = index.findAlias('wechat', url.searchParams.get('__biz') ?? '');
    return withFaults(page(account, renderWechatHistory, false, `${path}?key=${account?.key}`), WECHAT_FAULT_PAGES);
  }
  if (path === WEIBO_API && url.searchParams.get('type') === 'uid') {
    const account = index.findAlias('weibo', url.searchParams.get('value') ?? '');
    const posts = account !== null && url.searchParams.get('containerid') === weiboPostsContainer(account.key);
    const cacheKey = `${path}?uid=${account?.key}&posts=${posts}`;
    return withFaults(page(account, posts ? renderWeiboPosts : renderWeiboProfile, true, cacheKey), WEIBO_FAULT_PAGES);
  }
  if ((m = WEIBO_WEB_PROFILE.exec(path)))
    return withFaults(page(index.findAlias('weibo', m[1] ?? ''), renderWeiboWebProfile), WEIBO_FAULT_PAGES);
  if (path === BILIBILI_CARD) {
    const account = index.findAlias('bilibili', url.searchParams.get('mid') ?? '');
    return withFaults(page(account, renderBilibiliCard, true, `${path}?key=${account?.key}`), BILIBILI_FAULT_PAGES);
  }
  if (path === BILIBILI_UPLOADS) {
    const account = index.findAlias('bilibili', url.searchParams.get('mid') ?? '');
    const size = Number.parseInt(url.searchParams.get('ps') ?? '', 10);
    const signed = WBI_SIGNATURE.test(url.searchParams.get('w_rid') ?? '') && /^\d+$/.test(url.searchParams.get('wts') ?? '');
    const query = { pageSize: Number.isFinite(size) ? size : null, signed };
    const cacheKey = `${path}?key=${account?.key}&ps=${query.pageSize}&signed=${signed}`;
    return withFaults(
      page(account, (ctx) => renderBilibiliUploads(ctx, query), true, cacheKey),
      BILIBILI_FAULT_PAGES,
    );
  }
  if (path === BILIBILI_DYNAMICS) {
    const account = index.findAlias('bilibili', url.searchParams.get('host_mid') ?? '');
    return withFaults(page(account, renderBilibiliDynamics, true, `${path}?key=${account?.key}`), BILIBILI_FAULT_PAGES);
  }
  if ((m = BILIBILI_SPACE.exec(path)) && index.findAlias('bilibili', m[1] ?? '')) {
    return withFaults(page(index.findAlias('bilibili', m[1] ?? ''), renderBilibiliSpace), BILIBILI_FAULT_PAGES);
  }
  if ((m = BLUESKY_WEB_PROFILE.exec(path))) {
    return page(index.findAlias('bluesky', decodeURIComponent(m[1] ?? '').toLowerCase()), renderBlueskyWebProfile);
  }

  if (path === '/api/v1/accounts/lookup') {
    const key = lookupKey(url.searchParams.get('acct') ?? '');
    return page(index.find(key, 'mastodon'), renderMastodonAccount, true, `${path}?acct=${key}`);
  }
  if ((m = MASTODON_STATUSES.exec(path))) {
    const limit = Number.parseInt(url.searchParams.get('limit') ?? '', 10);
    const pinnedOnly = url.searchParams.get('pinned') === 'true';
    const query = { limit: Number.isFinite(limit) ? limit : null, pinnedOnly };
    return page(
      index.findAlias('mastodon', m[1] ?? ''),
      (ctx) => renderMastodonStatuses(ctx, query),
      true,
      `${path}?limit=${query.limit}&pinned=${pinnedOnly}`,
    );
  }
  if ((m = MASTODON_ACCOUNT.exec(path))) return page(index.findAlias('mastodon', m[1] ?? ''), renderMastodonAccount, true);
  if ((m = AT_KEY.exec(path))) {
    const account = index.findAny(m[1] ?? '');
    if (account?.platform === 'youtube')
      return withFaults(
        page(account, (ctx) => renderYoutubeChannel(ctx, 'home')),
        YOUTUBE_FAULT_PAGES,
      );
    return page(account?.platform === 'mastodon' ? account : null, renderMastodonProfile);
  }
  if ((m = YOUTUBE_VIDEOS.exec(path))) {
    return withFaults(
      page(index.find(m[1] ?? '', 'youtube'), (ctx) => renderYoutubeChannel(ctx, 'videos')),
      YOUTUBE_FAULT_PAGES,
    );
  }
  if ((m = YOUTUBE_CHANNEL.exec(path))) {
    const tab = m[2] ? 'videos' : 'home';
    const account = index.findAlias('youtube', m[1] ?? '');
    return withFaults(
      page(account, (ctx) => renderYoutubeChannel(ctx, tab), false, `/channel/${account?.key}/${tab}`),
      YOUTUBE_FAULT_PAGES,
    );
  }
  if (path === YOUTUBE_FEED) {
    const account = index.findAlias('youtube', url.searchParams.get('channel_id') ?? '');
    return withFaults(page(account, renderYoutubeFeed, false, `${path}?channel=${account?.key}`), YOUTUBE_FAULT_PAGES);
  }
  if ((m = FEED.exec(path))) {
    const format = m[2] as FeedFormat;
    return page(index.find(m[1] ?? '', 'feed', format), (ctx) => renderFeed(ctx, format));
  }
  if ((m = STATIC_PAGE.exec(path))) return page(index.find(m[1] ?? '', 'html', 'static'), renderStaticProfile);
  if ((m = APP_DATA.exec(path))) {
    const route = page(index.find(m[1] ?? '', 'html', 'browser'), renderAppData, true);
    return route && { ...route, subresource: true };
  }
  if ((m = APP_SHELL.exec(path))) return page(index.find(m[1] ?? '', 'html', 'browser'), renderAppShell);
  if ((m = TELEGRAM.exec(path))) return page(index.find(m[1] ?? '', 'telegram'), renderTelegramPreview, false, `/s/${m[1]}`);
  return null;
}

/**
 * What a platform answers for an account it does not know, where that is not the generic 404
 * page: XRPC's 400 "Profile not found", YouTube's own 404 page, Weibo's "用户不存在", Bilibili's code -404.
 */
export function missingAccountPage(url: URL): RenderedPage | null {
  if (url.pathname === BLUESKY_PROFILE || url.pathname === BLUESKY_FEED) return blueskyProfileNotFound();
  if (url.pathname === WEIBO_API) return weiboUserMissing();
  if ([BILIBILI_CARD, BILIBILI_UPLOADS, BILIBILI_DYNAMICS].includes(url.pathname)) return bilibiliUserMissing();
  if (url.pathname === YOUTUBE_FEED || YOUTUBE_CHANNEL.test(url.pathname) || YOUTUBE_VIDEOS.test(url.pathname)) return youtubeNotFound();
  return null;
}

/** The account an XRPC request's `actor` names, by handle (any case) or DID. */
function blueskyActor(url: URL, index: AccountIndex): FakeAccount | null {
  const actor = (url.searchParams.get('actor') ?? '').replace(/^@/, '');
  return index.findAlias('bluesky', actor.startsWith('did:') ? actor : actor.toLowerCase());
}

/** Pages that belong to no account: Weibo's visitor system, Bilibili's navigation answer with the day's signing keys. */
export function sharedPage(url: URL, now: Date): RenderedPage | null {
  if (url.pathname === WEIBO_VISITOR_SYSTEM) return renderWeiboVisitorSystem();
  if (url.pathname === BILIBILI_NAV) return renderBilibiliNav(now);
  return null;
}
