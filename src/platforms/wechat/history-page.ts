import { load } from 'cheerio/slim';
import { z } from 'zod';
import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import { parseDate } from '../../parsing/date.ts';
import { cleanText, excerpt } from '../excerpt.ts';
import { readHtmlDocument } from '../markup/bounded-dom.ts';
import { embeddedJson } from './embedded-json.ts';
import { decodeEntities, scriptString } from './script-values.ts';

export interface HistoryPageContext {
  url: string;
  now: Date;
  timeZone: string;
}

/** One message of the history: a mass send, with its first article and any further ones. */
const articleSchema = z.looseObject({
  title: z.string().optional(),
  content_url: z.string().optional(),
});
const messageSchema = z.looseObject({
  comm_msg_info: z.looseObject({
    id: z.union([z.number(), z.string()]).optional(),
    datetime: z.union([z.number(), z.string()]),
  }),
  app_msg_ext_info: articleSchema.extend({ multi_app_msg_item_list: z.array(articleSchema).optional() }).optional(),
});
const msgListSchema = z.looseObject({ list: z.array(messageSchema) });

const MSG_LIST = /\bmsgList\s*=\s*/g;

/** Whether the body carries an account history: the page (`msgList`) or its JSON API (`general_msg_list`). */
export function isHistoryPage(body: string): boolean {
  return /\bmsgList\s*=|"general_msg_list"\s*:/.test(body);
}

/**
 * Reads an account's message history (`mp/profile_ext?action=home`, the older `mp/profile`
 * page, or the `getmsg` JSON): every message with its own send time, so the newest is
 * found by time. The history states no follower or post count.
 *
 * @throws PageMismatchError when the embedded list is missing, cut short or not the shape read here.
 */
export function readHistoryPage(body: string, ctx: HistoryPageContext): PageFacts {
  const list = msgList(body);
  const posts = list.list.map((message) => readMessage(message, ctx));
  return {
    displayName: body.trimStart().startsWith('{') ? null : accountName(body),
    postsCount: posts.length === 0 ? 0 : null,
    posts,
  };
}

function msgList(body: string): z.infer<typeof msgListSchema> {
  const json = body.trimStart().startsWith('{') ? fromApiAnswer(body) : fromPage(body);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new PageMismatchError('the embedded msgList is not JSON: page cut short or markup changed');
  }
  const parsed = msgListSchema.safeParse(value);
  if (!parsed.success)
    throw new PageMismatchError(`msgList has no list of messages with comm_msg_info.datetime: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The `getmsg` API answers `{"ret":0, "general_msg_list": "<JSON text>"}`. */
function fromApiAnswer(body: string): string {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    throw new PageMismatchError('the history answer is not JSON');
  }
  const list = z.looseObject({ general_msg_list: z.string() }).safeParse(answer);
  if (!list.success) throw new PageMismatchError('the history answer has no general_msg_list');
  return list.data.general_msg_list;
}

/**
 * The page assigns `msgList` either a JSON literal (`var msgList = {"list":[…]}`) or, in the
 * newer pages, the JSON as an entity-encoded string (`var msgList = '{&quot;list&quot;:…}';`).
 */
function fromPage(body: string): string {
  for (const match of body.matchAll(MSG_LIST)) {
    const start = match.index + match[0].length;
    const quote = body[start];
    if (quote === "'" || quote === '"') {
      const literal = scriptString(body.slice(match.index), 'msgList');
      if (literal) return decodeEntities(literal);
      continue;
    }
    const json = embeddedJson(body, start);
    if (json) return json;
    throw new PageMismatchError('the embedded msgList never closes: page cut short');
  }
  throw new PageMismatchError('no msgList in the page: not an account history page');
}

function readMessage(message: z.infer<typeof messageSchema>, ctx: HistoryPageContext): ObservedPost {
  const { datetime, id } = message.comm_msg_info;
  const date = parseDate(String(datetime), { now: ctx.now, timeZone: ctx.timeZone });
  if (!date) throw new PageMismatchError(`message ${id ?? '?'} has an unreadable datetime "${datetime}"`);
  const article = message.app_msg_ext_info;
  return {
    id: id === undefined ? String(datetime) : String(id),
    at: date.iso,
    precision: date.precision,
    // The history lists messages newest first and marks none as pinned.
    pinned: false,
    repost: false,
    url: article?.content_url ? resolve(decodeEntities(article.content_url), ctx.url) : null,
    excerpt: article?.title ? excerpt(decodeEntities(article.title)) : null,
  };
}

function accountName(body: string): string | null {
  const $ = load(readHtmlDocument(body));
  const shown = cleanText($('.profile_nickname').first().text()) || cleanText($('#nickname').first().text());
  return shown || scriptString(body, 'nickname');
}

function resolve(href: string, base: string): string | null {
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}
