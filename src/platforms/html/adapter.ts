import { load, type CheerioAPI } from 'cheerio/slim';
import { findOne } from 'domutils';
import { PageMismatchError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import { parseCount } from '../../parsing/count.ts';
import type { FetchedPage, PageReading, ParseContext, PlatformAdapter } from '../adapter.ts';
import { cleanText } from '../excerpt.ts';
import { readHtmlDocument } from '../markup/bounded-dom.ts';
import { htmlOptionsSchema, splitSelector, type HtmlOptions } from './options.ts';
import { readPostItems, readTimeElements, resolveLink, type PostReadContext } from './read-posts.ts';

export type { HtmlOptions } from './options.ts';

/**
 * Any web page, read with CSS selectors configured per account: where post times are, and
 * optionally post items, the follower count, the display name and an "no posts yet" marker.
 */
export const html: PlatformAdapter<HtmlOptions> = {
  id: 'html',
  title: 'Web page (CSS selectors)',
  about: {
    reads: { name: true, followers: true, postsCount: false, lastPost: true },
    urlForms: ['any http(s) page, with CSS selectors in options'],
    fetchers: ['http', 'browser'],
    requiredSettings: [],
    politeness: {},
  },
  optionsSchema: htmlOptionsSchema,
  fetcher: (options) => options.render ?? 'http',
  firstRequest: (accountUrl, options) => ({
    url: accountUrl,
    accept: 'text/html',
    ...(options.render === 'browser' ? { waitFor: waitForSelector(options) } : {}),
  }),
  parse: parseHtmlPage,
};

/**
 * The browser waits until post times have rendered, or the "no posts" marker: waiting for the
 * times alone would time out on an empty account.
 */
function waitForSelector(options: HtmlOptions): string {
  const times = splitSelector(options.lastPost).css;
  return options.empty ? `${times}, ${options.empty}` : times;
}

/** A page cut off mid-transfer lacks its closing tags; reading it could miss the newest posts. */
const COMPLETE_PAGE = /<\/(?:body|html)\s*>/i;

function parseHtmlPage(page: FetchedPage, ctx: ParseContext<HtmlOptions>): PageReading {
  const { options } = ctx;
  if (!COMPLETE_PAGE.test(page.body)) {
    throw new PageMismatchError('the page is incomplete: it has no closing </body> or </html> tag');
  }
  const $ = load(readHtmlDocument(page.body));
  const facts: PageFacts = { ...readName($, options), ...readFollowers($, options) };
  const time = splitSelector(options.lastPost);
  const allTimes = $.root().find(time.css).toArray();
  if (allTimes.length === 0) {
    // Zero posts only when the page positively says so; otherwise the markup changed or did not load.
    if (options.empty && $(options.empty).length > 0) return { facts: { ...facts, postsCount: 0 } };
    const empty = options.empty ? ` and the empty-account selector "${options.empty}" did not match either` : '';
    throw new PageMismatchError(`selector "${options.lastPost}" matched nothing${empty}`);
  }
  const rc: PostReadContext = {
    $,
    baseUrl: baseUrl($, page.url),
    now: ctx.now,
    timeZone: ctx.timeZone,
    lastPostOption: options.lastPost,
    time,
    allTimes,
  };
  const posts = options.posts ? readPostItems(rc, options.posts.trim(), options.posts) : readTimeElements(rc);
  return { facts: { ...facts, posts } };
}

/** Text of the first match, or the named attribute of it; null when absent or blank. */
function readValue($: CheerioAPI, option: string): string | null {
  const { css, attribute } = splitSelector(option);
  const first = $(css).first();
  if (first.length === 0) return null;
  return cleanText((attribute ? first.attr(attribute) : first.text()) ?? '') || null;
}

/** The name is a label, not activity evidence: a page without it is still read. */
function readName($: CheerioAPI, options: HtmlOptions): PageFacts {
  const name = options.name ? readValue($, options.name) : null;
  return name ? { displayName: name } : {};
}

/** Followers are not activity evidence either: a missing or unreadable count leaves them unknown. */
function readFollowers($: CheerioAPI, options: HtmlOptions): PageFacts {
  const text = options.followers ? readValue($, options.followers) : null;
  const count = text ? parseCount(text) : null;
  return count ? { followers: count.value, followersApproximate: count.approximate || count.lowerBound } : {};
}

function baseUrl($: CheerioAPI, pageUrl: string): string {
  const base = findOne((element) => element.name === 'base' && element.attribs.href !== undefined, $.root().toArray());
  return resolveLink(base?.attribs.href, pageUrl) ?? pageUrl;
}
