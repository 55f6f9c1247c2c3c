import { load, type CheerioAPI } from 'cheerio/slim';
import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import { parseDate, type DateReading } from '../../parsing/date.ts';
import { cleanText, excerpt } from '../excerpt.ts';
import { readHtmlDocument } from '../markup/bounded-dom.ts';
import { decodeEntities, scriptString } from './script-values.ts';

export interface ArticlePageContext {
  url: string;
  now: Date;
  timeZone: string;
}

/** What an article page shows: the article, its account, and the account's id for its history page. */
export interface ArticleReading {
  facts: PageFacts;
  /** The account's `__biz` id, when the page names it. */
  biz: string | null;
}

/**
 * The publish time, most exact source first: `ct` (unix seconds), `createTime` (seconds or a
 * date and time), `publish_time` (often the date alone), then the elements the page fills
 * (`#publish_time`, and the older `#post-date`).
 */
const TIME_VARIABLES = ['ct', 'createTime', 'create_time', 'publish_time'] as const;
const TIME_ELEMENTS = ['#publish_time', '#post-date'] as const;

/** Whether the body is an article page: it carries one of the publish-time sources read here. */
export function isArticlePage(body: string): boolean {
  return /\b(?:var\s+(?:ct|createTime|create_time|publish_time)\s*=)|id=["']?(?:publish_time|post-date|js_name|activity-name)\b/.test(body);
}

/**
 * Reads an article page (`mp.weixin.qq.com/s/…`, `/s?__biz=…`). It shows one article: its
 * time proves the account posted then, and says nothing about anything it posted since.
 *
 * @throws PageMismatchError when no publish time can be read.
 */
export function readArticlePage(body: string, ctx: ArticlePageContext): ArticleReading {
  const $ = load(readHtmlDocument(body));
  const date = publishTime(body, $, ctx);
  if (!date) throw new PageMismatchError('no readable publish time (var ct, createTime, publish_time or #publish_time): markup changed');
  const biz = scriptString(body, 'biz') ?? scriptString(body, 'appuin') ?? bizOf(ctx.url);
  const title = scriptString(body, 'msg_title') ?? (cleanText($('#activity-name').first().text()) || null);
  const link = scriptString(body, 'msg_link');
  const article: ObservedPost = {
    id: articleId(body, biz) ?? ctx.url,
    at: date.iso,
    precision: date.precision,
    pinned: false,
    repost: false,
    // The page writes its own link HTML-escaped (`&amp;`), as it would in an attribute.
    url: link ? decodeEntities(link) : ctx.url,
    excerpt: title ? excerpt(title) : null,
  };
  return { facts: { displayName: accountName(body, $), posts: [article] }, biz };
}

function publishTime(body: string, $: CheerioAPI, ctx: ArticlePageContext): DateReading | null {
  const opts = { now: ctx.now, timeZone: ctx.timeZone };
  for (const name of TIME_VARIABLES) {
    const value = scriptString(body, name);
    const date = value ? parseDate(value, opts) : null;
    if (date) return date;
  }
  for (const selector of TIME_ELEMENTS) {
    const text = cleanText($(selector).first().text());
    const date = text ? parseDate(text, opts) : null;
    if (date) return date;
  }
  return null;
}

function accountName(body: string, $: CheerioAPI): string | null {
  return (
    scriptString(body, 'nickname') ?? (cleanText($('#js_name').first().text()) || cleanText($('.profile_nickname').first().text()) || null)
  );
}

/** `biz:mid:idx` names one article of one mass send for good; the URL may carry signatures that change. */
function articleId(body: string, biz: string | null): string | null {
  const mid = scriptString(body, 'mid');
  const idx = scriptString(body, 'idx');
  return biz && mid && idx ? `${biz}:${mid}:${idx}` : null;
}

export function bizOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('__biz');
  } catch {
    return null;
  }
}
