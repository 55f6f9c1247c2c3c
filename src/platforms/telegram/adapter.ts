import { z } from 'zod';
import { InvalidInputError } from '../../domain/errors.ts';
import { withFallback, type PlatformAdapter } from '../adapter.ts';
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
    throw new InvalidInputError('not a Telegram channel URL', [{ field: 'url', message: `"${accountUrl}" is not a URL` }]);
  }
  const segments = url.pathname.split('/').filter(Boolean);
  // t.me/<channel>, t.me/<channel>/<post> and t.me/s/<channel>[/<post>] all lead to the preview.
  const [first, second, third] = segments;
  const username = first === 's' ? second : first;
  const rest = first === 's' ? third : second;
  if (username && USERNAME.test(username) && (rest === undefined || /^\d+$/.test(rest)) && segments.length <= 3) {
    return new URL(`/s/${username}`, url.origin).toString();
  }
  // Anything else (a mirror's own path, a saved preview on a test server) is fetched as given.
  return url.toString();
}

/** Telegram public usernames: 4–32 letters, digits and underscores, starting with a letter. */
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

/** Public Telegram channels, read from the t.me/s web preview (no login, no API key). */
export const telegram: PlatformAdapter<TelegramOptions> = {
  id: 'telegram',
  title: 'Telegram channel (t.me/s preview)',
  about: {
    reads: { name: true, followers: true, postsCount: false, lastPost: true },
    urlForms: ['https://t.me/<channel>', 'https://t.me/s/<channel>', 'https://t.me/<channel>/<post>'],
    fetchers: ['http'],
    requiredSettings: [],
    politeness: { 't.me': { maxConcurrency: 1, minDelayMs: 1000 } },
  },
  optionsSchema: telegramOptionsSchema,
  fetcher: () => 'http',
  firstRequest: (accountUrl) => withFallback({ url: channelPreviewUrl(accountUrl), accept: 'text/html' }, accountUrl),
  parse: (page, ctx) => ({
    facts: readChannelPage(page.body, { url: page.url, now: ctx.now, timeZone: ctx.timeZone }),
  }),
};
