import type { FakeAccount } from '../population.ts';
import { hashString, seededChars } from '../random.ts';
import { isChinese, timeline, type FakePost } from '../timeline.ts';
import { formatChineseCount } from './profile.ts';
import { escapeHtml, HTML_TYPE, type PageContext, type PlatformFaultPages, type RenderedPage } from './page.ts';
import { DAY_MS } from '../../domain/durations.ts';

/**
 * A YouTube channel without an API key: the channel page with its embedded `ytInitialData`
 * (the Videos tab: header counts and the newest uploads with their ages, relative and floored
 * as YouTube prints them), and the uploads feed (`feeds/videos.xml`), whose 15 newest entries
 * carry exact times. English channels are served as YouTube serves en-GB ("25m subscribers"),
 * Chinese ones in Chinese ("1.2万位订阅者").
 */

/** Uploads on the Videos tab before its continuation. */
const GRID_SIZE = 30;
/** Entries in the uploads feed. */
const FEED_SIZE = 15;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** "UC" and 22 URL-safe base64 characters. */
export function youtubeChannelId(key: string): string {
  return `UC${seededChars(`channel:${key}`, BASE64URL, 21)}${'AQgw'[hashString(key) % 4]}`;
}

export type ChannelTab = 'home' | 'videos';

/** GET /@KEY (the Home tab), /@KEY/videos and /channel/UC…/videos (the Videos tab). */
export function renderYoutubeChannel(ctx: PageContext, tab: ChannelTab): RenderedPage {
  const data = initialData(ctx, tab);
  const channelId = youtubeChannelId(ctx.account.key);
  const json = JSON.stringify(data).replace(/<\//g, '<\\/');
  const body = `<!DOCTYPE html><html style="font-size: 10px;font-family: Roboto, Arial, sans-serif;" lang="${language(ctx.account)}">
<head><meta http-equiv="origin-trial" content=""><title>${escapeHtml(ctx.account.displayName)} - YouTube</title>
<link rel="canonical" href="${ctx.base}/channel/${channelId}">
<link rel="alternate" type="application/rss+xml" title="RSS" href="${ctx.base}/feeds/videos.xml?channel_id=${channelId}">
</head><body dir="ltr"><div id="content"></div>
<script nonce="${seededChars(`nonce:${ctx.account.key}`, BASE64URL, 22)}">var ytInitialData = ${json};</script>
<script nonce="n">if (window.ytcsi) {window.ytcsi.tick('pdr', null, '');}</script>
<script nonce="n">window.ytcfg && ytcfg.set({"HL":"${isChinese(ctx.account) ? 'zh-CN' : 'en-GB'}","INNERTUBE_CLIENT_NAME":"WEB"});</script>
</body></html>
`;
  return { status: 200, contentType: HTML_TYPE, body: ctx.changedMarkup ? redesign(body) : body };
}

/** GET /feeds/videos.xml?channel_id=UC… */
export function renderYoutubeFeed(ctx: PageContext): RenderedPage {
  const { account, base } = ctx;
  const channelId = youtubeChannelId(account.key);
  const name = escapeHtml(account.displayName);
  const channelUrl = `https://www.youtube.com/channel/${channelId}`;
  const entries = uploads(ctx, FEED_SIZE)
    .map((post) => {
      const id = videoId(account, post);
      const short = post.seq % 4 === 0;
      // The feed's `updated` is when the entry last changed (views, an edited title): often later.
      const updated = new Date(post.at.getTime() + ((post.seq * 7_919) % 72) * 3_600_000 + 1_234_000);
      return ` <entry>
  <id>yt:video:${id}</id>
  <yt:videoId>${id}</yt:videoId>
  <yt:channelId>${channelId}</yt:channelId>
  <title>${escapeHtml(post.title)}</title>
  <link rel="alternate" href="https://www.youtube.com/${short ? `shorts/${id}` : `watch?v=${id}`}"/>
  <author>
   <name>${name}</name>
   <uri>${channelUrl}</uri>
  </author>
  <published>${feedTime(post.at)}</published>
  <updated>${feedTime(updated)}</updated>
  <media:group>
   <media:title>${escapeHtml(post.title)}</media:title>
   <media:content url="https://www.youtube.com/v/${id}?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:thumbnail url="https://i${(post.seq % 4) + 1}.ytimg.com/vi/${id}/hqdefault.jpg" width="480" height="360"/>
   <media:description>${escapeHtml(post.body)}</media:description>
   <media:community>
    <media:starRating count="${post.seq % 97}" average="5.00" min="1" max="5"/>
    <media:statistics views="${views(post)}"/>
   </media:community>
  </media:group>
 </entry>`;
    })
    .join('\n');
  // The feed-level channel id lacks the "UC" its entries carry, as YouTube writes it.
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="${base}/feeds/videos.xml?channel_id=${channelId}"/>
 <id>yt:channel:${channelId.slice(2)}</id>
 <yt:channelId>${channelId.slice(2)}</yt:channelId>
 <title>${name}</title>
 <link rel="alternate" href="${channelUrl}"/>
 <author>
  <name>${name}</name>
  <uri>${channelUrl}</uri>
 </author>
 <published>${feedTime(channelCreated(account))}</published>
${entries}
</feed>
`;
  const changed = body.replace(/<(\/?)entry>/g, '<$1item>').replace(/<(\/?)published>/g, '<$1date>');
  return { status: 200, contentType: 'application/atom+xml; charset=UTF-8', body: ctx.changedMarkup ? changed : body };
}

/** YouTube's answer for a channel, handle or feed that does not exist: a 404 page. */
export function youtubeNotFound(): RenderedPage {
  return {
    status: 404,
    contentType: HTML_TYPE,
    body: `<!DOCTYPE html><html lang="en"><head><title>404 Not Found</title></head>
<body><div id="error-page"><p class="error-text">This page isn't available. Sorry about that.</p>
<p>Try searching for something else.</p></div></body></html>
`,
  };
}

export const YOUTUBE_FAULT_PAGES: PlatformFaultPages = {
  'not-found': () => youtubeNotFound(),
  // The cookie consent wall YouTube shows visitors from the EU instead of any page.
  'login-wall': () => ({
    status: 200,
    contentType: HTML_TYPE,
    body: `<!DOCTYPE html><html lang="en"><head><title>Before you continue to YouTube</title></head>
<body><div class="consent-bump"><h1>Before you continue to YouTube</h1>
<p>We use cookies and data to deliver and maintain Google services.</p>
<form action="https://consent.youtube.com/save" method="POST"><input type="hidden" name="set_eom" value="true">
<button type="submit">Reject all</button></form>
<form action="https://consent.youtube.com/save" method="POST"><input type="hidden" name="set_eom" value="false">
<button type="submit">Accept all</button></form></div></body></html>
`,
  }),
  // Google's "unusual traffic" page, sent with 429.
  captcha: () => ({
    status: 429,
    contentType: HTML_TYPE,
    body: `<html><head><title>https://www.youtube.com/</title></head>
<body><div id="infoDiv">Our systems have detected unusual traffic from your computer network.
This page checks to see if it's really you sending the requests, and not a robot.</div>
<form id="captcha-form" action="index" method="post"><div class="g-recaptcha" data-sitekey="6Lf0simulated0site0key"></div></form>
</body></html>
`,
    headers: { 'Retry-After': '120' },
  }),
};

type Json = Record<string, unknown>;

function initialData(ctx: PageContext, tab: ChannelTab): Json {
  const { account } = ctx;
  const channelId = youtubeChannelId(account.key);
  const handle = `@${account.key}`;
  const shown = tab === 'videos' ? uploads(ctx, GRID_SIZE + 1) : [];
  const grid: unknown[] = shown
    .slice(0, GRID_SIZE)
    .map((post) => ({ richItemRenderer: { content: { videoRenderer: videoRenderer(ctx, post) } } }));
  if (shown.length > GRID_SIZE) grid.push({ continuationItemRenderer: { trigger: 'CONTINUATION_TRIGGER_ON_ITEM_SHOWN' } });
  const tabs = [
    tabRenderer('Home', `/${handle}/featured`, tab === 'home', tab === 'home' ? { sectionListRenderer: { contents: [] } } : null),
    account.postCount > 0 || tab === 'videos'
      ? tabRenderer('Videos', `/${handle}/videos`, tab === 'videos', tab === 'videos' ? { richGridRenderer: { contents: grid } } : null)
      : null,
    tabRenderer('Shorts', `/${handle}/shorts`, false, null),
    tabRenderer('Playlists', `/${handle}/playlists`, false, null),
    tabRenderer('Posts', `/${handle}/posts`, false, null),
  ].filter((t) => t !== null);
  const counts = [{ text: { content: subscribersText(account) }, accessibilityLabel: subscribersText(account) }];
  // A channel that never uploaded shows no video count in its header.
  if (account.postCount > 0) counts.push({ text: { content: videosText(account) }, accessibilityLabel: videosText(account) });
  return {
    responseContext: { mainAppWebResponseContext: { loggedOut: true }, webResponseContextExtensionData: { hasDecorated: true } },
    contents: { twoColumnBrowseResultsRenderer: { tabs } },
    header: {
      pageHeaderRenderer: {
        pageTitle: account.displayName,
        content: {
          pageHeaderViewModel: {
            title: { dynamicTextViewModel: { text: { content: account.displayName } } },
            metadata: {
              contentMetadataViewModel: {
                metadataRows: [{ metadataParts: [{ text: { content: handle } }] }, { metadataParts: counts }],
                delimiter: '•',
              },
            },
          },
        },
      },
    },
    metadata: {
      channelMetadataRenderer: {
        title: account.displayName,
        description: isChinese(account) ? `${account.displayName}官方频道` : `The official channel of ${account.displayName}.`,
        rssUrl: `https://www.youtube.com/feeds/videos.xml?channel_id=${channelId}`,
        externalId: channelId,
        keywords: '',
        ownerUrls: [`http://www.youtube.com/${handle}`],
        channelUrl: `https://www.youtube.com/channel/${channelId}`,
        isFamilySafe: true,
        vanityChannelUrl: `http://www.youtube.com/${handle}`,
      },
    },
    microformat: {
      microformatDataRenderer: { urlCanonical: `https://www.youtube.com/channel/${channelId}`, title: account.displayName, noindex: false },
    },
  };
}

function tabRenderer(title: string, url: string, selected: boolean, content: Json | null): Json {
  return {
    tabRenderer: {
      endpoint: { commandMetadata: { webCommandMetadata: { url, webPageType: 'WEB_PAGE_TYPE_CHANNEL' } } },
      title,
      ...(selected ? { selected: true } : {}),
      ...(content ? { content } : {}),
    },
  };
}

function videoRenderer(ctx: PageContext, post: FakePost): Json {
  const id = videoId(ctx.account, post);
  const seconds = 60 + ((post.seq * 7_919) % 1_500);
  const length = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return {
    videoId: id,
    thumbnail: { thumbnails: [{ url: `https://i.ytimg.com/vi/${id}/hqdefault.jpg`, width: 168, height: 94 }] },
    title: { runs: [{ text: post.title }], accessibility: { accessibilityData: { label: `${post.title} ${length}` } } },
    descriptionSnippet: { runs: [{ text: post.body }] },
    publishedTimeText: { simpleText: ageText(ctx, post.at) },
    lengthText: { simpleText: length },
    viewCountText: { simpleText: isChinese(ctx.account) ? `${views(post)}次观看` : `${views(post).toLocaleString('en-GB')} views` },
    navigationEndpoint: { commandMetadata: { webCommandMetadata: { url: `/watch?v=${id}`, webPageType: 'WEB_PAGE_TYPE_WATCH' } } },
  };
}

/** The newest uploads, newest first: YouTube has no pinned slot on the Videos tab, nor reposts. */
function uploads(ctx: PageContext, limit: number): FakePost[] {
  return timeline({ ...ctx.account, pinnedOld: false }, ctx.now, limit).slice(0, limit);
}

function videoId(account: FakeAccount, post: FakePost): string {
  return seededChars(`video:${account.key}:${post.seq}`, BASE64URL, 11);
}

function views(post: FakePost): number {
  return 40 + ((post.seq * 104_729) % 25_000);
}

/**
 * How old a video is, as YouTube prints it: floored to the largest unit that fits ("2 weeks
 * ago" for 20 days), in the channel's language.
 */
export function ageText(ctx: PageContext, at: Date): string {
  const seconds = Math.max(0, Math.floor((ctx.now.getTime() - at.getTime()) / 1000));
  const days = Math.floor(seconds / 86_400);
  const [n, unit]: [number, Unit] =
    seconds < 60
      ? [seconds, 'second']
      : seconds < 3_600
        ? [Math.floor(seconds / 60), 'minute']
        : seconds < 86_400
          ? [Math.floor(seconds / 3_600), 'hour']
          : days < 7
            ? [days, 'day']
            : days < 30
              ? [Math.floor(days / 7), 'week']
              : days < 365
                ? [Math.floor(days / 30), 'month']
                : [Math.floor(days / 365), 'year'];
  if (isChinese(ctx.account)) return `${n}${CHINESE_UNITS[unit]}前`;
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
const CHINESE_UNITS: Readonly<Record<Unit, string>> = {
  second: '秒',
  minute: '分钟',
  hour: '小时',
  day: '天',
  week: '周',
  month: '个月',
  year: '年',
};

/** "25m subscribers", "12.3k subscribers", "523 subscribers"; "1.2万位订阅者" in Chinese. */
export function subscribersText(account: FakeAccount): string {
  const n = account.followers;
  if (isChinese(account)) return `${formatChineseCount(n)}位订阅者`;
  if (n === 1) return '1 subscriber';
  return `${abbreviate(n)} subscribers`;
}

function videosText(account: FakeAccount): string {
  const n = account.postCount;
  if (isChinese(account)) return `${n}个视频`;
  return n === 1 ? '1 video' : `${n.toLocaleString('en-GB')} videos`;
}

/** Three significant digits, rounded down, with en-GB's lower-case k and m. */
function abbreviate(n: number): string {
  if (n < 1_000) return String(n);
  const [value, unit] = n < 1_000_000 ? [n / 1_000, 'k'] : [n / 1_000_000, 'm'];
  const decimals = value < 10 ? 2 : value < 100 ? 1 : 0;
  const floored = Math.floor(value * 10 ** decimals) / 10 ** decimals;
  return `${String(floored)}${unit}`;
}

function feedTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function channelCreated(account: FakeAccount): Date {
  return new Date(Date.UTC(2012, 0, 1) + (hashString(`created:${account.key}`) % 3_000) * DAY_MS);
}

function language(account: FakeAccount): string {
  return isChinese(account) ? 'zh-Hans-CN' : 'en-GB';
}

/** A front-end redesign: the metadata and the video items renamed, as when YouTube moves to new view models. */
function redesign(body: string): string {
  return body.replace(/channelMetadataRenderer/g, 'channelMetadataViewModel').replace(/videoRenderer/g, 'lockupViewModel');
}
