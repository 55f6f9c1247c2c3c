import { load, type CheerioAPI } from 'cheerio/slim';
import { findOne } from 'domutils';
import { PageMismatchError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import { parseCount } from '../../parsing/count.ts';
import type { FetchedPage, PageReading, ParseContext, PlatformAdapter } from '../adapter.ts';
import { cleanText } from '../excerpt.ts';
import { readHtmlDocument } from '../markup/bounded-dom.ts';
import { htmlOptionsSchema, readsJson, resolveHtmlOptions, splitSelector, type HtmlOptions, type ResolvedHtmlOptions } from './options.ts';
import { htmlPresets } from './presets/index.ts';
import { parseJsonPage } from './read-json.ts';
import { readPostItems, readTimeElements, resolveLink, type PostReadContext } from './read-posts.ts';

export type { HtmlOptions } from './options.ts';

/**
 * Any web page, read with CSS selectors configured per account: where post times are, and
 * optionally post items, the follower count, the display name and an "no posts yet" marker.
 * JSON answers (and JSON a page embeds in a script) are read the same way with JSONPath, and
 * presets name ready-made options for profile pages of platforms without an adapter.
 */
export const html: PlatformAdapter<HtmlOptions> = {
  id: 'html',
  title: 'Web page (CSS selectors or JSONPath)',
  about: {
    reads: { name: true, followers: true, postsCount: true, lastPost: true },
    urlForms: [
      'any http(s) page, with CSS selectors in options',
      'any http(s) JSON endpoint, with JSONPath expressions in options',
      ...htmlPresets.map((preset) => `${preset.page}, with {"preset": "${preset.id}"}`),
    ],
    fetchers: ['http', 'browser'],
    requiredSettings: [],
    // The hosts the presets read: browser pages, and platforms quick to show a verify page.
    politeness: { 'www.douyin.com': { maxConcurrency: 1, minDelayMs: 5000 }, 'www.toutiao.com': { maxConcurrency: 1, minDelayMs: 3000 } },
  },
  optionsSchema: htmlOptionsSchema,
  fetcher: (options) => resolveHtmlOptions(options).render ?? 'http',
  firstRequest: (accountUrl, options) => {
    const resolved = resolveHtmlOptions(options);
    const waitFor = resolved.render === 'browser' ? waitForSelector(resolved) : null;
    return {
      url: accountUrl,
      accept: readsJson(resolved) && !resolved.jsonScript ? 'application/json' : 'text/html',
      ...(waitFor ? { waitFor } : {}),
    };
  },
  parse: (page, ctx) => {
    const options = resolveHtmlOptions(ctx.options);
    const resolved = { ...ctx, options };
    return readsJson(options) ? { facts: parseJsonPage(page, resolved) } : parseHtmlPage(page, resolved);
  },
};

/**
 * The browser waits until post times have rendered, or the "no posts" marker: waiting for the
 * times alone would time out on an empty account.
 */
function waitForSelector(options: ResolvedHtmlOptions): string | null {
  if (options.waitFor) return options.waitFor;
  // JSONPath names no element; the browser then reads the page once it has loaded.
  if (readsJson(options)) return null;
  const times = splitSelector(options.lastPost).css;
  return options.empty ? `${times}, ${options.empty}` : times;
}

/** A page cut off mid-transfer lacks its closing tags; reading it could miss the newest posts. */
const COMPLETE_PAGE = /<\/(?:body|html)\s*>/i;

function parseHtmlPage(page: FetchedPage, ctx: ParseContext<ResolvedHtmlOptions>): PageReading {
  const { options } = ctx;
  if (!COMPLETE_PAGE.test(page.body)) {
    throw new PageMismatchError('the page is incomplete: it has no closing </body> or </html> tag');
  }
  const $ = load(readHtmlDocument(page.body));
  const facts: PageFacts = { ...readName($, options), ...readFollowers($, options), ...readPostsCount($, options) };
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
function readName($: CheerioAPI, options: ResolvedHtmlOptions): PageFacts {
  const name = options.name ? readValue($, options.name) : null;
  return name ? { displayName: name } : {};
}

/** Followers are not activity evidence either: a missing or unreadable count leaves them unknown. */
function readFollowers($: CheerioAPI, options: ResolvedHtmlOptions): PageFacts {
  const text = options.followers ? readValue($, options.followers) : null;
  const count = text ? parseCount(text) : null;
  return count ? { followers: count.value, followersApproximate: count.approximate || count.lowerBound } : {};
}

/** The total the page states; an abbreviated one ("1.2万") is not a count of posts to store. */
function readPostsCount($: CheerioAPI, options: ResolvedHtmlOptions): PageFacts {
  const text = options.postsCount ? readValue($, options.postsCount) : null;
  const count = text ? parseCount(text) : null;
  return count && !count.approximate && !count.lowerBound ? { postsCount: count.value } : {};
}

function baseUrl($: CheerioAPI, pageUrl: string): string {
  const base = findOne((element) => element.name === 'base' && element.attribs.href !== undefined, $.root().toArray());
  return resolveLink(base?.attribs.href, pageUrl) ?? pageUrl;
}
