import { stringify } from 'csv-stringify/sync';
import { bilibiliMid } from './pages/bilibili.ts';
import { blueskyHandle } from './pages/bluesky.ts';
import { profileOptions } from './pages/profile.ts';
import { wechatArticleToken, wechatHistoryPath } from './pages/wechat.ts';
import { weiboUid } from './pages/weibo.ts';
import type { ExpectedStatus, FakeAccount } from './population.ts';
import type { FaultMode } from './faults.ts';

/** One line of the accounts file the server hands out, with the answer a correct client reaches. */
export interface AccountsFileEntry {
  name: string;
  platform: FakeAccount['platform'];
  url: string;
  options: Record<string, string>;
  expectedStatus: ExpectedStatus;
  fault: FaultMode | null;
}

/** The account URL a user would register: the page a person would open, not an API endpoint. */
export function accountUrl(account: FakeAccount, base: string): string {
  switch (account.platform) {
    case 'telegram':
      return `${base}/${account.key}`;
    case 'mastodon':
      return `${base}/@${account.key}`;
    case 'feed':
      return `${base}/feeds/${account.key}.${account.variant ?? 'rss'}`;
    case 'html':
      return account.variant === 'browser' ? `${base}/app/${account.key}` : `${base}/pages/${account.key}`;
    case 'bluesky':
      return `${base}/profile/${blueskyHandle(account.key)}`;
    case 'youtube':
      return `${base}/@${account.key}`;
    case 'wechat':
      return account.variant === 'history' ? `${base}${wechatHistoryPath(account.key)}` : `${base}/s/${wechatArticleToken(account.key)}`;
    case 'weibo':
      return `${base}/u/${weiboUid(account.key)}`;
    case 'bilibili':
      return `${base}/${bilibiliMid(account.key)}`;
  }
}

/** Per-account adapter options; only the generic html adapter needs any. */
export function accountOptions(account: FakeAccount): Record<string, string> {
  if (account.platform !== 'html') return {};
  return profileOptions(account.variant === 'browser' ? 'browser' : 'http');
}

/** GET /accounts.json */
export function accountsFile(accounts: readonly FakeAccount[], base: string): AccountsFileEntry[] {
  return accounts.map((account) => ({
    name: account.displayName,
    platform: account.platform,
    url: accountUrl(account, base),
    options: accountOptions(account),
    expectedStatus: account.expectedStatus,
    fault: account.fault,
  }));
}

/** GET /accounts.csv: `platform,url,name,options`, options as a JSON cell (empty when there are none). */
export function accountsCsv(accounts: readonly FakeAccount[], base: string): string {
  const rows = accounts.map((account) => {
    const options = accountOptions(account);
    return [account.platform, accountUrl(account, base), account.displayName, Object.keys(options).length ? JSON.stringify(options) : ''];
  });
  return stringify(rows, { header: true, columns: ['platform', 'url', 'name', 'options'] });
}
