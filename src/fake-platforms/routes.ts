import { lookupKey, mastodonId, renderMastodonAccount, renderMastodonProfile, renderMastodonStatuses } from './pages/mastodon.ts';
import { renderFeed, type FeedFormat } from './pages/feed.ts';
import type { PageContext, RenderedPage } from './pages/page.ts';
import { renderAppData, renderAppShell, renderStaticProfile } from './pages/profile.ts';
import { renderTelegramPreview } from './pages/telegram.ts';
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
  render(ctx: PageContext): RenderedPage;
}

/** Finds accounts by the names their URLs use. */
export class AccountIndex {
  private readonly byKey = new Map<string, FakeAccount>();
  private readonly byMastodonId = new Map<string, FakeAccount>();

  constructor(accounts: readonly FakeAccount[]) {
    for (const account of accounts) {
      if (this.byKey.has(account.key)) throw new Error(`duplicate fake account key "${account.key}"`);
      this.byKey.set(account.key, account);
      if (account.platform === 'mastodon') this.byMastodonId.set(mastodonId(account.key), account);
    }
  }

  find(key: string, platform: FakeAccount['platform'], variant?: FakeAccount['variant']): FakeAccount | null {
    const account = this.byKey.get(key);
    if (!account || account.platform !== platform) return null;
    return variant === undefined || account.variant === variant ? account : null;
  }

  /** Puts `account` in place of the account with its key (and Mastodon id). */
  replace(account: FakeAccount): void {
    if (!this.byKey.has(account.key)) throw new Error(`no fake account "${account.key}"`);
    this.byKey.set(account.key, account);
    if (account.platform === 'mastodon') this.byMastodonId.set(mastodonId(account.key), account);
  }

  findMastodonId(id: string): FakeAccount | null {
    return this.byMastodonId.get(id) ?? null;
  }
}

const KEY = '([A-Za-z0-9_-]+)';
const TELEGRAM = new RegExp(`^/(?:s/)?${KEY}/?$`);
const MASTODON_PROFILE = new RegExp(`^/@${KEY}/?$`);
const MASTODON_ACCOUNT = /^\/api\/v1\/accounts\/(\d+)$/;
const MASTODON_STATUSES = /^\/api\/v1\/accounts\/(\d+)\/statuses$/;
const FEED = new RegExp(`^/feeds/${KEY}\\.(rss|atom|json)$`);
const STATIC_PAGE = new RegExp(`^/pages/${KEY}/?$`);
const APP_SHELL = new RegExp(`^/app/${KEY}/?$`);
const APP_DATA = new RegExp(`^/app/${KEY}/data\\.json$`);

/**
 * Maps a request to the account page it asks for, or null (404). Query strings are ignored
 * except where the real endpoint reads them (Mastodon's acct, limit and pinned).
 */
export function resolveRoute(url: URL, index: AccountIndex): Route | null {
  const path = url.pathname;
  let m: RegExpExecArray | null;
  const page = (account: FakeAccount | null, render: Route['render'], api = false, cacheKey = path): Route | null =>
    account ? { account, cacheKey, api, render } : null;

  if (path === '/api/v1/accounts/lookup') {
    const key = lookupKey(url.searchParams.get('acct') ?? '');
    return page(index.find(key, 'mastodon'), renderMastodonAccount, true, `${path}?acct=${key}`);
  }
  if ((m = MASTODON_STATUSES.exec(path))) {
    const limit = Number.parseInt(url.searchParams.get('limit') ?? '', 10);
    const pinnedOnly = url.searchParams.get('pinned') === 'true';
    const query = { limit: Number.isFinite(limit) ? limit : null, pinnedOnly };
    return page(
      index.findMastodonId(m[1] ?? ''),
      (ctx) => renderMastodonStatuses(ctx, query),
      true,
      `${path}?limit=${query.limit}&pinned=${pinnedOnly}`,
    );
  }
  if ((m = MASTODON_ACCOUNT.exec(path))) return page(index.findMastodonId(m[1] ?? ''), renderMastodonAccount, true);
  if ((m = MASTODON_PROFILE.exec(path))) return page(index.find(m[1] ?? '', 'mastodon'), renderMastodonProfile);
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
