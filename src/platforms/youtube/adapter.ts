import { z } from 'zod';
import { PageMismatchError } from '../../domain/errors.ts';
import { withFallback, type FetchedPage, type PageReading, type ParseContext, type PlatformAdapter } from '../adapter.ts';
import { readChannelData } from './channel-data.ts';
import { channelRequest, uploadsFeedRequest } from './channel-url.ts';
import { readInitialData } from './initial-data.ts';
import { readUploadsFeed } from './uploads-feed.ts';

const optionsSchema = z.strictObject({});

/** YouTube takes no per-account options: the channel URL, id or handle says everything. */
export type YoutubeOptions = z.infer<typeof optionsSchema>;

/**
 * YouTube channels without an API key: the channel's Videos tab (its embedded `ytInitialData`
 * gives name, subscribers, video count and the newest uploads' ages), then the channel's uploads
 * feed for the newest upload's exact time.
 */
export const youtube: PlatformAdapter<YoutubeOptions> = {
  id: 'youtube',
  title: 'YouTube channel (channel page and uploads feed)',
  about: {
    reads: { name: true, followers: true, postsCount: true, lastPost: true },
    urlForms: [
      'https://www.youtube.com/@<handle>',
      'https://www.youtube.com/channel/<channel id>',
      'https://www.youtube.com/c/<name>',
      'https://www.youtube.com/user/<name>',
      '<channel id> or @<handle>',
    ],
    fetchers: ['http'],
    requiredSettings: [],
    politeness: { 'www.youtube.com': { maxConcurrency: 1, minDelayMs: 1000 } },
  },
  optionsSchema,
  fetcher: () => 'http',
  firstRequest: (account) => withFallback(channelRequest(account), account),
  parse: parseYoutubePage,
};

/**
 * Tells the pages apart by their body: the uploads feed is XML, the `youtubei/v1/browse` answer
 * is JSON, and the channel page is HTML embedding the same JSON.
 */
function parseYoutubePage(page: FetchedPage, ctx: ParseContext<YoutubeOptions>): PageReading {
  const body = page.body.replace(/^\uFEFF/, '').trimStart();
  const readCtx = { pageUrl: page.url, now: ctx.now, timeZone: ctx.timeZone };
  if (body.startsWith('<?xml') || body.startsWith('<feed')) {
    return { facts: readUploadsFeed(body, { ...readCtx, ...(ctx.previous ? { previous: ctx.previous } : {}) }) };
  }
  const data = body.startsWith('{') ? parseJson(body) : readInitialData(body, page.url);
  const channel = readChannelData(data, readCtx);
  return { facts: channel.facts, next: uploadsFeedRequest(page.url, channel.channelId) };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new PageMismatchError('the browse answer is not complete JSON (truncated or not JSON at all)');
  }
}
