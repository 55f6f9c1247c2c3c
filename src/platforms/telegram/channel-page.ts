import { load, type CheerioAPI } from 'cheerio/slim';
import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { findOne } from 'domutils';
import { AccountGoneError, PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import { parseCount } from '../../parsing/count.ts';
import { parseDate } from '../../parsing/date.ts';
import { cleanText, excerpt } from '../excerpt.ts';
import { readHtmlDocument } from '../markup/bounded-dom.ts';
import { HISTORY_ENTRIES_KEPT, HistoryWindow } from './history-window.ts';
import { isMissingChannelPage } from './missing-channel.ts';

/** What the channel page reader needs besides the body. */
export interface ChannelPageContext {
  /** URL the page came from; relative post links resolve against it. */
  url: string;
  now: Date;
  timeZone: string;
}

/** Counter labels that mean audience size: channels say subscribers, groups say members. */
const AUDIENCE_LABEL = /^(subscribers?|members?|followers?)$/i;
const HEADER_AUDIENCE = /^(.+?)\s+(?:subscribers?|members?|followers?)\b/i;
const SERVICE_CLASS = /(^|\s)(service_message|tgme_widget_message_service)(\s|$)/;

/**
 * Reads a t.me/s channel preview: name, subscribers and the posts it shows. The preview never
 * states a post count, so `postsCount` stays null unless the channel positively shows no posts.
 * Of a history longer than a preview shows, only the newest entries are read (see `HistoryWindow`).
 *
 * @throws AccountGoneError when t.me answers with the contact page of a name that has no channel.
 * @throws PageMismatchError when the page is truncated, is not a channel preview, or its
 *   messages no longer carry the markup read here.
 */
export function readChannelPage(body: string, ctx: ChannelPageContext): PageFacts {
  // htmlparser2 closes open tags silently, so a cut-off body would parse as a shorter channel.
  if (!/<\/html\s*>/i.test(body)) {
    throw new PageMismatchError('no closing </html> tag: the page is truncated or not HTML');
  }
  const history = new HistoryWindow();
  const $ = load(readHtmlDocument(body, { onElementClose: history.onElementClose }));
  if ($('.tgme_channel_info_header').length === 0) {
    if (isMissingChannelPage($))
      throw new AccountGoneError('t.me shows its contact page with no channel behind the name: the channel does not exist');
    throw new PageMismatchError('no channel info header (.tgme_channel_info_header): not a t.me/s channel preview');
  }
  const displayName = cleanText($('.tgme_channel_info_header_title').first().text()) || null;
  const audience = readAudience($);

  const posts: ObservedPost[] = [];
  for (const message of $('.tgme_widget_message[data-post]').toArray()) {
    if (isServiceMessage(message)) continue;
    posts.push(readMessage(message, ctx));
  }
  assertEveryDateInAMessage($);
  if (posts.length === 0) {
    if (history.dropped > 0) {
      throw new PageMismatchError(`the newest ${HISTORY_ENTRIES_KEPT} entries of a longer history hold no post: markup changed`);
    }
    assertPositivelyEmpty($);
  }

  return {
    displayName,
    followers: audience?.value ?? null,
    followersApproximate: audience?.approximate ?? null,
    postsCount: posts.length === 0 ? 0 : null,
    posts,
  };
}

function readAudience($: CheerioAPI): { value: number; approximate: boolean } | null {
  for (const counter of $('.tgme_channel_info_counter').toArray()) {
    const label = cleanText($(counter).find('.counter_type').text());
    if (AUDIENCE_LABEL.test(label)) return count($(counter).find('.counter_value').text());
  }
  // Some layouts carry the audience only in the header line ("10.1M subscribers", "2 620 members, 18 online").
  const header = HEADER_AUDIENCE.exec(cleanText($('.tgme_header_counter').first().text()));
  return header?.[1] ? count(header[1]) : null;
}

function count(text: string): { value: number; approximate: boolean } | null {
  const parsed = parseCount(cleanText(text));
  return parsed ? { value: parsed.value, approximate: parsed.approximate } : null;
}

function isServiceMessage(message: Element): boolean {
  return SERVICE_CLASS.test(message.attribs.class ?? '');
}

function readMessage(message: Element, ctx: ChannelPageContext): ObservedPost {
  const id = message.attribs['data-post'] ?? '';
  // Walked with plain DOM predicates: this runs for every message of every page, and
  // compiling CSS selectors per message cost more than parsing the page.
  const dateLink = findOne(withClass('tgme_widget_message_date'), message.children);
  // The datetime is the original post time even when the post was edited later.
  const datetime =
    dateLink && findOne((el) => el.name === 'time' && el.attribs.datetime !== undefined, dateLink.children)?.attribs.datetime;
  if (!datetime) {
    throw new PageMismatchError(`message ${id} has no time[datetime] in .tgme_widget_message_date: markup changed`);
  }
  const date = parseDate(datetime, { now: ctx.now, timeZone: ctx.timeZone });
  if (!date) throw new PageMismatchError(`message ${id} has an unreadable datetime "${datetime}"`);

  const text = findOutsideReplies(message.children, withClass('tgme_widget_message_text'));
  return {
    id,
    at: date.iso,
    precision: date.precision,
    // The preview does not mark pinned posts.
    pinned: false,
    repost: findOne(withClass('tgme_widget_message_forwarded_from'), message.children) !== null,
    url: resolveLink(dateLink.attribs.href, ctx.url),
    excerpt: text ? excerpt(textWithBreaks(text)) : null,
  };
}

const classTests = new Map<string, (el: Element) => boolean>();

function withClass(name: string): (el: Element) => boolean {
  let test = classTests.get(name);
  if (!test) {
    const pattern = new RegExp(`(^|\\s)${name}(\\s|$)`);
    test = (el) => pattern.test(el.attribs.class ?? '');
    classTests.set(name, test);
  }
  return test;
}

const isReply = withClass('tgme_widget_message_reply');

/** First matching element in document order, not descending into quoted replies (their text is someone else's). */
function findOutsideReplies(nodes: readonly AnyNode[], test: (el: Element) => boolean): Element | null {
  for (const node of nodes) {
    if (!isTag(node) || isReply(node)) continue;
    if (test(node)) return node;
    const inner = findOutsideReplies(node.children, test);
    if (inner) return inner;
  }
  return null;
}

/**
 * A post's date link outside every message means a message lost its start tag (markup broken
 * in transit or renamed): reading the other messages would skip that post, maybe the newest.
 */
function assertEveryDateInAMessage($: CheerioAPI): void {
  for (const link of $('.tgme_widget_message_date').toArray()) {
    if ($(link).closest('.tgme_widget_message[data-post]').length === 0) {
      throw new PageMismatchError('a post date (.tgme_widget_message_date) sits outside every message: markup changed or broken');
    }
  }
}

/**
 * Zero posts is evidence of an empty channel only when the history container is there and
 * holds nothing that looks like a post: leftover `data-post` or `<time>` elements mean the
 * message markup was renamed, which must not read as silence.
 */
function assertPositivelyEmpty($: CheerioAPI): void {
  const history = $('.tgme_channel_history');
  if (history.length === 0) {
    throw new PageMismatchError('no message history (.tgme_channel_history) and no messages: markup changed');
  }
  const postLike = history.find('[data-post], time').not((_, el) => isInsideServiceMessage($, el));
  if (postLike.length > 0) {
    throw new PageMismatchError('message history holds post-like elements but no .tgme_widget_message: markup changed');
  }
}

function isInsideServiceMessage($: CheerioAPI, el: AnyNode): boolean {
  const message = $(el).closest('.tgme_widget_message');
  const node = message.get(0);
  return node !== undefined && 'attribs' in node && isServiceMessage(node);
}

function resolveLink(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}

/** Text content with `<br>` as a line break, so sentences on separate lines do not run together. */
function textWithBreaks(node: AnyNode | undefined): string {
  if (!node) return '';
  if (isText(node)) return node.data;
  if (isTag(node)) {
    if (node.name === 'br') return '\n';
    return node.children.map(textWithBreaks).join('');
  }
  return '';
}
