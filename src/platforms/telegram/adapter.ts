import { z } from 'zod';
import { InvalidInputError } from '../../errors.ts';
import type { PlatformAdapter } from '../adapter.ts';
import { readChannelPage } from './channel-page.ts';

/** Per-account options for Telegram channels. None yet; unknown keys are rejected so typos surface. */
export const telegramOptionsSchema = z.object({}).strict();
export type TelegramOptions = z.infer<typeof telegramOptionsSchema>;

/**
 * The public preview of a channel (`/s/<username>`) on the origin the account URL names.
 * Accepts `https://t.me/durov`, `https://t.me/s/durov`, a post link `https://t.me/durov/502`
 * and the same paths on mirrors; the origin is kept so mirrors and test servers work.
 */
export function channelPreviewUrl(accountUrl: string): string {
  let url: URL;
  try {
    url = new URL(accountUrl);
  } catch {
    throw new InvalidInputError('not a Telegram channel URL', [
      { field: 'url', message: `"${accountUrl}" is not a URL` },
    ]);
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const username = segments[0] === 's' ? segments[1] : segments[0];
  if (!username) {
    throw new InvalidInputError('not a Telegram channel URL', [
      { field: 'url', message: `"${url.origin}${url.pathname}" names no channel (expected https://t.me/<username>)` },
    ]);
  }
  return new URL(`/s/${username}`, url.origin).toString();
}

/** Public Telegram channels, read from the t.me/s web preview (no login, no API key). */
export const telegram: PlatformAdapter<TelegramOptions> = {
  id: 'telegram',
  title: 'Telegram channel (t.me/s preview)',
  optionsSchema: telegramOptionsSchema,
  fetcher: () => 'http',
  firstRequest: (accountUrl) => ({ url: channelPreviewUrl(accountUrl), accept: 'text/html' }),
  parse: (page, ctx) => ({
    facts: readChannelPage(page.body, { url: page.url, now: ctx.now, timeZone: ctx.timeZone }),
  }),
};
