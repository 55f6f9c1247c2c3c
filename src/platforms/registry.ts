import type { AnyPlatformAdapter } from './adapter.ts';
import { feed } from './feed/adapter.ts';
import { html } from './html/adapter.ts';
import { mastodon } from './mastodon/adapter.ts';
import { telegram } from './telegram/adapter.ts';

/** Every supported platform. Adding one is a folder under src/platforms and one line here. */
const adapters: readonly AnyPlatformAdapter[] = [telegram, mastodon, feed, html];

const byId = new Map(adapters.map((a) => [a.id, a]));

export const platformIds: readonly string[] = adapters.map((a) => a.id);

export function findPlatform(id: string): AnyPlatformAdapter | undefined {
  return byId.get(id);
}
