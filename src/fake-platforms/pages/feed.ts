import { isChinese, timeline, type FakePost } from '../timeline.ts';
import { escapeHtml, isoSecondsAtOffset, pad2, type PageContext, type RenderedPage } from './page.ts';

/**
 * An account's own feed in the three formats sites publish: RSS 2.0 (RFC 822 dates, and the
 * stray newline before the XML declaration some generators emit), Atom (whose entry
 * `updated` is sometimes earlier than `published`) and JSON Feed 1.1.
 */

const FEED_SIZE = 20;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** GET /feeds/KEY.rss | .atom | .json */
export function renderFeed(ctx: PageContext, format: FeedFormat): RenderedPage {
  // Feeds have no pinned slot: items are newest first.
  const posts = timeline({ ...ctx.account, pinnedOld: false }, ctx.now, FEED_SIZE);
  const feed = new FeedInfo(ctx);
  const body = format === 'rss' ? rss(feed, posts) : format === 'atom' ? atom(feed, posts) : jsonFeed(feed, posts);
  return { status: 200, contentType: FEED_CONTENT_TYPES[format], body: ctx.changedMarkup ? breakFeed(format, body) : body };
}

/** RFC 822 date as RSS writes it, e.g. "Fri, 21 Nov 2025 08:00:00 +0800". */
export function rfc822(date: Date, offsetMinutes: number): string {
  const d = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const zone = `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
  return `${WEEKDAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} ${zone}`;
}

class FeedInfo {
  readonly title: string;
  readonly home: string;
  readonly self: string;
  readonly language: string;
  /** Chinese sites write local time (+08:00); the others UTC. */
  readonly offset: number;
  constructor(readonly ctx: PageContext) {
    const { account, base } = ctx;
    this.title = account.displayName;
    this.home = `${base}/blog/${account.key}/`;
    this.self = `${base}/feeds/${account.key}.${account.variant ?? 'rss'}`;
    this.language = isChinese(account) ? 'zh-cn' : 'en';
    this.offset = isChinese(account) ? 480 : 0;
  }
  postUrl(post: FakePost): string {
    return `${this.home}posts/${post.seq}.html`;
  }
}

function rss(feed: FeedInfo, posts: FakePost[]): string {
  const items = posts
    .map(
      (post) =>
        `<item><title>${escapeHtml(post.title)}</title><link>${feed.postUrl(post)}</link>` +
        `<pubDate>${rfc822(post.at, feed.offset)}</pubDate><dc:creator>${escapeHtml(feed.title)}</dc:creator>` +
        `<guid>${feed.postUrl(post)}</guid><description><![CDATA[<p>${escapeHtml(post.text)}</p>]]></description></item>`,
    )
    .join('');
  const built = posts[0] ? `<lastBuildDate>${rfc822(posts[0].at, feed.offset)}</lastBuildDate>` : '';
  // The leading newline is the stray one before the XML declaration.
  return (
    '\n<?xml version="1.0" encoding="utf-8" standalone="yes"?>' +
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">' +
    `<channel><title>${escapeHtml(feed.title)}</title><link>${feed.home}</link><description>${escapeHtml(feed.title)}</description>` +
    `<language>${feed.language}</language>${built}<generator>hugo</generator>` +
    `<atom:link href="${feed.self}" rel="self" type="application/rss+xml"/>${items}</channel></rss>\n`
  );
}

function atom(feed: FeedInfo, posts: FakePost[]): string {
  const entries = posts
    .map((post) => {
      // Some generators stamp `updated` from an older draft: earlier than `published`.
      const updated = post.seq % 3 === 0 ? new Date(post.at.getTime() - ((post.seq % 5) + 1) * 3_600_000) : post.at;
      return `<entry>
	<title>${escapeHtml(post.title)}</title>
	<link rel="alternate" type="text/html" href="${feed.postUrl(post)}" />
	<id>${feed.postUrl(post)}</id>
	<published>${isoSecondsAtOffset(post.at, feed.offset)}</published>
	<updated>${isoSecondsAtOffset(updated, feed.offset)}</updated>
	<author>
		<name>${escapeHtml(feed.title)}</name>
	</author>
	<content type="html"><![CDATA[
	<p>${escapeHtml(post.text)}</p>
	]]></content>
</entry>`;
    })
    .join('');
  const updated = posts[0] ? `\n<updated>${isoSecondsAtOffset(posts[0].at, feed.offset)}</updated>\n` : '';
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.language}">
<title>${escapeHtml(feed.title)}</title>
<subtitle>${escapeHtml(feed.title)}</subtitle>
<link rel="alternate" type="text/html" href="${feed.home}" />
<link rel="self" type="application/atom+xml" href="${feed.self}" />
<id>${feed.home}</id>
${updated}${entries}
</feed>
`;
}

function jsonFeed(feed: FeedInfo, posts: FakePost[]): string {
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: feed.title,
      home_page_url: feed.home,
      feed_url: feed.self,
      description: feed.title,
      language: feed.language === 'zh-cn' ? 'zh-CN' : 'en',
      authors: [{ name: feed.title, url: feed.home }],
      items: posts.map((post) => ({
        id: feed.postUrl(post),
        url: feed.postUrl(post),
        title: post.title,
        content_html: `<p>${escapeHtml(post.text)}</p>`,
        summary: post.title,
        date_published: isoSecondsAtOffset(post.at, feed.offset),
      })),
    },
    null,
    2,
  );
}

/** A redesign the parser was not written for: items and their dates renamed. */
function breakFeed(format: FeedFormat, body: string): string {
  if (format === 'rss') return body.replace(/<(\/?)item>/g, '<$1entry2>').replace(/<(\/?)pubDate>/g, '<$1date2>');
  if (format === 'atom') return body.replace(/<(\/?)entry>/g, '<$1entry2>').replace(/<(\/?)published>/g, '<$1published2>');
  return body.replace(/"items":/, '"entries":').replace(/"date_published":/g, '"published":');
}
