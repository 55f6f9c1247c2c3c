import type { AnyPlatformAdapter } from './adapter.ts';
import { feed } from './feed/adapter.ts';
import { html } from './html/adapter.ts';
import { bilibili } from './bilibili/adapter.ts';
import { bluesky } from './bluesky/adapter.ts';
import { mastodon } from './mastodon/adapter.ts';
import { PLATFORM_IDS } from './platform-ids.ts';
import { telegram } from './telegram/adapter.ts';
import { wechat } from './wechat/adapter.ts';
import { weibo } from './weibo/adapter.ts';
import { youtube } from './youtube/adapter.ts';

/** Every supported platform. Adding one is a folder under src/platforms, one line here and its id in platform-ids.ts. */
const adapters: readonly AnyPlatformAdapter[] = [telegram, mastodon, feed, html, bluesky, youtube, wechat, weibo, bilibili];

/** Every adapter, in the registry's order. */
export const platformAdapters: readonly AnyPlatformAdapter[] = adapters;

const byId = new Map(adapters.map((a) => [a.id, a]));

export const platformIds: readonly string[] = adapters.map((a) => a.id);
if (platformIds.join() !== PLATFORM_IDS.join()) {
  throw new Error(`platform-ids.ts lists ${PLATFORM_IDS.join(', ')} but the registry has ${platformIds.join(', ')}`);
}

export function findPlatform(id: string): AnyPlatformAdapter | undefined {
  return byId.get(id);
}
