import { AccountGoneError, PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import { parseDate } from '../../parsing/date.ts';
import { cleanText, excerpt } from '../excerpt.ts';
import { CHANNEL_ID } from './channel-url.ts';
import { isSubscriberText, isVideoCountText, readYoutubeCount } from './count-text.ts';
import { isRecord } from '../json-answer.ts';

/** What the channel page's data says, and the id its uploads feed is asked for by. */
export interface ChannelReading {
  channelId: string;
  facts: PageFacts;
}

interface ReadContext {
  pageUrl: string;
  now: Date;
  timeZone: string;
}

/** Follows a path of keys and array indexes through parsed JSON; undefined where any step is missing. */
function at(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = isRecord(current) ? current[step] : undefined;
  }
  return current;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** YouTube writes text as `{simpleText}`, `{runs: [{text}]}` or (view models) `{content}`. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return null;
  if (typeof value.simpleText === 'string') return value.simpleText;
  if (typeof value.content === 'string') return value.content;
  if (Array.isArray(value.runs)) return value.runs.map((run) => (isRecord(run) && typeof run.text === 'string' ? run.text : '')).join('');
  return null;
}

/**
 * Reads a channel's `ytInitialData` (or the `youtubei/v1/browse` answer, which has the same
 * shape): name and id from `metadata.channelMetadataRenderer`, subscribers and video count
 * from the header, and the newest uploads when the Videos tab is the one shown.
 *
 * A channel that hides its subscriber count has a header without that part: followers are
 * then null. A page without the metadata or without any known header is not read at all.
 */
export function readChannelData(data: unknown, ctx: ReadContext): ChannelReading {
  const metadata = at(data, 'metadata', 'channelMetadataRenderer');
  if (!isRecord(metadata)) throw missingChannelError(data);
  const channelId = metadata.externalId;
  if (typeof channelId !== 'string' || !CHANNEL_ID.test(channelId)) {
    throw new PageMismatchError('channelMetadataRenderer has no channel id (externalId)');
  }
  const header = headerCounts(data);
  const subscribers = header.subscribers === null ? null : readYoutubeCount(header.subscribers);
  const videos = header.videos === null ? null : readYoutubeCount(header.videos);
  const title = typeof metadata.title === 'string' ? cleanText(metadata.title) : '';
  const facts: PageFacts = {
    displayName: title || null,
    followers: subscribers?.value ?? null,
    followersApproximate: subscribers ? subscribers.approximate : null,
    // A rounded video count ("1.2K videos") is no exact total, so it is left out.
    postsCount: videos && !videos.approximate ? videos.value : null,
    posts: videosTabPosts(data, ctx),
  };
  return { channelId, facts };
}

/** YouTube's own words for a channel id or handle with no channel behind it. */
const CHANNEL_GONE = /\bthis channel does not exist\b/i;

/**
 * Why a JSON answer is not a channel: YouTube says so in an alert. "This channel does not exist."
 * means the account is gone; any other notice, or none, leaves the page unread.
 */
function missingChannelError(data: unknown): AccountGoneError | PageMismatchError {
  for (const alert of asArray(at(data, 'alerts'))) {
    const text = textOf(at(alert, 'alertRenderer', 'text')) ?? textOf(at(alert, 'alertWithButtonRenderer', 'text'));
    if (!text) continue;
    const notice = cleanText(text).slice(0, 200);
    if (CHANNEL_GONE.test(notice)) return new AccountGoneError(`YouTube says the channel does not exist ("${notice}")`);
    return new PageMismatchError(`the page shows no channel but the notice "${notice}"`);
  }
  return new PageMismatchError('the page data has no channelMetadataRenderer: not a channel page, or the markup changed');
}

interface HeaderTexts {
  subscribers: string | null;
  videos: string | null;
}

/**
 * The subscriber and video count texts of the channel header, from the current view-model
 * header or the older `c4TabbedHeaderRenderer`.
 */
function headerCounts(data: unknown): HeaderTexts {
  const rows = at(
    data,
    'header',
    'pageHeaderRenderer',
    'content',
    'pageHeaderViewModel',
    'metadata',
    'contentMetadataViewModel',
    'metadataRows',
  );
  if (Array.isArray(rows)) {
    const parts = rows.flatMap((row) => asArray(at(row, 'metadataParts')).map((part) => textOf(at(part, 'text'))));
    const texts = parts.filter((text): text is string => text !== null);
    if (texts.length === 0) throw new PageMismatchError('the channel header lists no metadata texts: the markup may have changed');
    return { subscribers: texts.find(isSubscriberText) ?? null, videos: texts.find(isVideoCountText) ?? null };
  }
  const c4 = at(data, 'header', 'c4TabbedHeaderRenderer');
  if (isRecord(c4)) return { subscribers: textOf(c4.subscriberCountText), videos: textOf(c4.videosCountText) };
  throw new PageMismatchError('the page data has no channel header (pageHeaderViewModel or c4TabbedHeaderRenderer)');
}

/**
 * The uploads the selected tab lists, newest first, when that tab is the Videos grid. Their ages
 * ("10 days ago") are relative, so they only bound the newest upload; the feed then gives
 * exact times. Other tabs (Home) mix in playlists and other channels' videos and are skipped.
 */
function videosTabPosts(data: unknown, ctx: ReadContext): ObservedPost[] {
  const tabs = asArray(at(data, 'contents', 'twoColumnBrowseResultsRenderer', 'tabs'));
  const selected = tabs.map((tab) => at(tab, 'tabRenderer')).find((tab) => at(tab, 'selected') === true);
  const grid = asArray(at(selected, 'content', 'richGridRenderer', 'contents'));
  const posts: ObservedPost[] = [];
  const origin = new URL(ctx.pageUrl).origin;
  for (const item of grid) {
    const video = at(item, 'richItemRenderer', 'content', 'videoRenderer');
    const id = at(video, 'videoId');
    const age = textOf(at(video, 'publishedTimeText'));
    if (typeof id !== 'string' || !age) continue;
    const date = parseDate(age, { now: ctx.now, timeZone: ctx.timeZone });
    if (!date) continue;
    posts.push({
      id: `yt:video:${id}`,
      at: date.iso,
      precision: date.precision,
      pinned: false,
      repost: false,
      url: `${origin}/watch?v=${encodeURIComponent(id)}`,
      excerpt: excerpt(textOf(at(video, 'title')) ?? ''),
    });
  }
  return posts;
}
