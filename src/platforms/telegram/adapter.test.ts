import { readFileSync } from 'node:fs';
import { load } from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { AccountGoneError, InvalidInputError, PageMismatchError, UnreadablePageError } from '../../domain/errors.ts';
import type { FetchedPage } from '../adapter.ts';
import { readHtmlDocument } from '../markup/bounded-dom.ts';
import { parsePage } from '../parse-page.ts';
import { telegram } from './adapter.ts';
import { HISTORY_ENTRIES_KEPT, HistoryWindow } from './history-window.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-03-15T12:00:00Z');
const timeZone = 'Asia/Shanghai';

function parseWithAdapter(body: string, url = 'https://t.me/s/lakeside_library') {
  const page: FetchedPage = { url, status: 200, contentType: 'text/html', body };
  return telegram.parse(page, { now, timeZone, options: {} }).facts;
}

function observe(body: string, url = 'https://t.me/s/lakeside_library') {
  return parsePage('telegram', body, { url, now, timeZone });
}

describe('telegram adapter: which page it fetches', () => {
  it.each([
    ['https://t.me/durov', 'https://t.me/s/durov'],
    ['https://t.me/s/durov', 'https://t.me/s/durov'],
    ['https://t.me/durov/502', 'https://t.me/s/durov'],
    ['https://t.me/durov?utm_source=x#top', 'https://t.me/s/durov'],
    ['https://any-mirror.example:8080/durov', 'https://any-mirror.example:8080/s/durov'],
    ['http://127.0.0.1:4010/s/durov', 'http://127.0.0.1:4010/s/durov'],
  ])('requests the channel preview of %s at %s, keeping the origin', (accountUrl, expected) => {
    const request = telegram.firstRequest(accountUrl, {});
    expect(request.url).toBe(expected);
    expect(request.accept).toBe('text/html');
  });

  it('rejects text that is not a URL', () => {
    expect(() => telegram.firstRequest('not a url', {})).toThrow(InvalidInputError);
  });

  it.each(['http://127.0.0.1:8000/', 'http://127.0.0.1:8000/pages/durov.html', 'https://mirror.example/tg/durov/feed'])(
    'fetches %s as given: a path that names no channel is a mirror’s or test server’s own',
    (accountUrl) => {
      expect(telegram.firstRequest(accountUrl, {})).toEqual({ url: accountUrl, accept: 'text/html' });
    },
  );

  it('falls back to the URL as given when the preview path answers 404', () => {
    expect(telegram.firstRequest('http://127.0.0.1:8000/durov', {})).toEqual({
      url: 'http://127.0.0.1:8000/s/durov',
      accept: 'text/html',
      fallbackUrl: 'http://127.0.0.1:8000/durov',
    });
  });

  it('fetches over plain HTTP and accepts no options yet', () => {
    expect(telegram.fetcher({})).toBe('http');
    expect(telegram.optionsSchema.safeParse({}).success).toBe(true);
    expect(telegram.optionsSchema.safeParse({ pages: 2 }).success).toBe(false);
  });
});

describe('telegram adapter: reading a channel preview', () => {
  it('reads the name, the rounded subscriber count and every post with its own time', () => {
    const facts = parseWithAdapter(fixture('channel.html'));
    expect(facts.displayName).toBe('Lakeside Library');
    expect(facts.followers).toBe(12_300);
    expect(facts.followersApproximate).toBe(true);
    expect(facts.postsCount).toBeNull();
    expect(facts.posts?.map((p) => [p.id, p.at, p.precision, p.url])).toEqual([
      ['lakeside_library/40', '2026-03-02T09:15:00+00:00', 'second', 'https://t.me/lakeside_library/40'],
      ['lakeside_library/41', '2026-03-04T17:40:12+00:00', 'second', 'https://t.me/lakeside_library/41'],
      ['lakeside_library/43', '2026-03-10T08:05:33+00:00', 'second', 'https://t.me/lakeside_library/43'],
    ]);
  });

  it('keeps line breaks, emoji and entities readable in the excerpt', () => {
    const [first] = parseWithAdapter(fixture('channel.html')).posts ?? [];
    expect(first?.excerpt).toBe('📖 Reading club meets on Thursday. Bring a friend!');
  });

  it('marks a forwarded post as a repost and never marks posts pinned', () => {
    const posts = parseWithAdapter(fixture('channel.html')).posts ?? [];
    expect(posts.map((p) => [p.id, p.repost])).toEqual([
      ['lakeside_library/40', false],
      ['lakeside_library/41', true],
      ['lakeside_library/43', false],
    ]);
    expect(posts.every((p) => !p.pinned)).toBe(true);
  });

  it('reports the newest post as the last post, with its link and text', () => {
    const observation = observe(fixture('channel.html'));
    expect(observation.outcome).toBe('ok');
    expect(observation.lastPostAt).toBe('2026-03-10T08:05:33+00:00');
    expect(observation.lastPostUrl).toBe('https://t.me/lakeside_library/43');
    expect(observation.lastPostExcerpt).toBe('Opening hours change from April 1.');
  });

  it('chooses the newest post by time, not by its place on the page, and ignores service messages', () => {
    const observation = observe(fixture('mixed-order.html'), 'https://t.me/s/harbour_ferry');
    expect(observation.posts.map((p) => p.id)).toEqual(['harbour_ferry/201', 'harbour_ferry/203', 'harbour_ferry/202']);
    // The later "Channel photo updated" service message (10:00 on the 12th) is not a post.
    expect(observation.lastPostAt).toBe('2026-03-09T16:20:05+00:00');
    expect(observation.lastPostUrl).toBe('https://t.me/harbour_ferry/203');
  });

  it('takes the excerpt from the post itself, not from the message it replies to', () => {
    const posts = parseWithAdapter(fixture('mixed-order.html'), 'https://t.me/s/harbour_ferry').posts ?? [];
    expect(posts.find((p) => p.id === 'harbour_ferry/203')?.excerpt).toBe('Storm warning: the 18:30 crossing is cancelled.');
  });

  it('falls back to the header counter for groups, which count members', () => {
    const facts = parseWithAdapter(fixture('group-members.html'), 'https://t.me/s/riverside_residents');
    expect(facts.displayName).toBe('Riverside Residents');
    expect(facts.followers).toBe(2_620);
    expect(facts.followersApproximate).toBe(false);
  });

  it.each([
    ['https://t.me/s/riverside_residents', 'https://t.me/riverside_residents/7'],
    ['http://mirror.test:8080/s/riverside_residents', 'http://mirror.test:8080/riverside_residents/7'],
  ])('resolves relative post links against the page it read (%s) and keeps the stated offset', (url, expected) => {
    const [post] = parseWithAdapter(fixture('group-members.html'), url).posts ?? [];
    expect(post?.url).toBe(expected);
    expect(post?.at).toBe('2026-02-14T19:02:00+08:00');
  });

  it.each([
    ['an empty history', 'empty-channel.html', 3],
    ['only service messages', 'service-only-channel.html', 1],
  ])('reports zero posts when the channel preview shows %s', (_, file, subscribers) => {
    const observation = observe(fixture(file));
    expect(observation.outcome).toBe('ok');
    expect(observation.postsCount).toBe(0);
    expect(observation.posts).toEqual([]);
    expect(observation.lastPostAt).toBeNull();
    expect(observation.followers).toBe(subscribers);
  });
});

describe('telegram adapter: no false silence', () => {
  const channel = fixture('channel.html');
  const cases: Array<[string, 'blocked' | 'error', string]> = [
    ['a captcha page', 'blocked', fixture('captcha.html')],
    ['a login wall', 'blocked', fixture('login-wall.html')],
    ['a body cut off before </html>', 'error', channel.slice(0, channel.indexOf('</body>'))],
    ['a body cut off inside the message history', 'error', channel.slice(0, channel.indexOf('lakeside_library/41'))],
    ['a body cut off before any message', 'error', channel.slice(0, channel.indexOf('<main'))],
    ['renamed message classes', 'error', fixture('renamed-classes.html')],
    ['messages without time[datetime]', 'error', fixture('missing-datetime.html')],
    ['the contact page served when the preview is unavailable', 'error', fixture('preview-unavailable.html')],
    ['an empty body', 'error', ''],
  ];

  it.each(cases)('reports %s as %s, never as an account without posts', (_, outcome, body) => {
    const observation = observe(body);
    expect(observation.outcome).toBe(outcome);
    expect(observation.posts).toEqual([]);
    expect(observation.postsCount).toBeNull();
    expect(observation.lastPostAt).toBeNull();
    expect(observation.error).toBeTruthy();
  });

  it.each(cases.filter(([, outcome]) => outcome === 'error'))('throws PageMismatchError on %s', (_, _outcome, body) => {
    expect(() => parseWithAdapter(body)).toThrow(PageMismatchError);
  });

  it('says why a truncated page was rejected', () => {
    expect(() => parseWithAdapter(channel.replace(/<\/html>[\s\S]*$/, ''))).toThrow(/truncated/);
  });
});

describe('telegram adapter: a channel that does not exist', () => {
  it('reads the contact page of a name with no channel behind it as not_found', () => {
    const observation = observe(fixture('channel-not-found.html'), 'https://t.me/old_town_museum');
    expect(observation).toMatchObject({ outcome: 'not_found', parseFailed: false, lastPostAt: null, postsCount: null, followers: null });
    expect(observation.posts).toEqual([]);
    expect(observation.error).toMatch(/channel does not exist/);
  });

  it('throws AccountGoneError, not PageMismatchError, on that page', () => {
    expect(() => parseWithAdapter(fixture('channel-not-found.html'))).toThrow(AccountGoneError);
  });

  it('keeps a contact page that shows subscribers (the channel exists, its preview is off) an error', () => {
    const page = fixture('channel-not-found.html').replace(
      '<div class="tgme_page_description">',
      '<div class="tgme_page_extra">1 204 subscribers</div><div class="tgme_page_description">',
    );
    expect(observe(page).outcome).toBe('error');
  });

  it('keeps a contact page without the "contact … right away" notice an error', () => {
    const page = fixture('channel-not-found.html').replace(/you can contact/, 'you can write to');
    expect(observe(page).outcome).toBe('error');
  });
});

describe('telegram adapter: speed', () => {
  it('reads a page the size of a real channel preview (~140 KB) without pathological slowness', () => {
    const page = fixture('channel.html');
    const wrap = '<div class="tgme_widget_message_wrap';
    const first = page.indexOf(wrap);
    const message = page.slice(first, page.indexOf(wrap, first + wrap.length));
    const big = page.replace('</section>', `${message.repeat(100)}</section>`);
    expect(big.length).toBeGreaterThan(130_000);
    const started = performance.now();
    const facts = parseWithAdapter(big);
    // Typically tens of milliseconds; the bound is loose so a busy CI machine does not fail it.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(facts.posts).toHaveLength(103);
  });
});

describe('telegram adapter: pages longer than a preview, and broken ones', () => {
  const channel = fixture('channel.html');
  const wrap = '<div class="tgme_widget_message_wrap';
  /** The channel page with `count` more messages before the real ones, numbered 1..count, oldest first. */
  function withOlderMessages(count: number, make: (n: number) => string): string {
    const history = channel.indexOf('<section class="tgme_channel_history');
    const firstMessage = channel.indexOf(wrap, history);
    const older = Array.from({ length: count }, (_, i) => make(i + 1)).join('\n');
    return channel.slice(0, firstMessage) + older + channel.slice(firstMessage);
  }
  const message = channel.slice(channel.indexOf(wrap), channel.indexOf(wrap, channel.indexOf(wrap) + 1));
  const olderPost = (n: number) =>
    message
      .replace(/data-post="[^"]*"/, `data-post="lakeside_library/${n}"`)
      .replace(/datetime="[^"]*"/, `datetime="2025-01-01T00:00:00+00:00"`);
  const serviceMessage = (n: number) =>
    '<div class="tgme_widget_message_wrap js-widget_message_wrap">' +
    `<div class="tgme_widget_message service_message js-widget_message" data-post="lakeside_library/${n}">` +
    '<div class="tgme_widget_message_text">Channel photo updated</div></div></div>';

  it(`reads only the newest ${HISTORY_ENTRIES_KEPT} entries of a long history, the newest post among them`, () => {
    const intact = parseWithAdapter(channel);
    const long = parseWithAdapter(withOlderMessages(500, olderPost));
    expect(long.posts).toHaveLength(HISTORY_ENTRIES_KEPT);
    expect(long.posts?.slice(-intact.posts!.length)).toEqual(intact.posts);
  });

  it('keeps no more than the window of entries in the document while reading', () => {
    const history = new HistoryWindow(10);
    const document = readHtmlDocument(withOlderMessages(500, olderPost), { onElementClose: history.onElementClose });
    expect(load(document)('.tgme_channel_history > .tgme_widget_message_wrap')).toHaveLength(10);
    expect(history.dropped).toBeGreaterThan(490);
  });

  it('does not take a long history whose newest entries hold no post as an empty channel', () => {
    const page = channel.replace(
      /(<section class="tgme_channel_history[^>]*>)[\s\S]*?(<\/section>)/,
      (_, open: string, close: string) =>
        `${open}${Array.from({ length: 300 }, (_, i) => (i < 50 ? olderPost(i + 1) : serviceMessage(i + 1))).join('\n')}${close}`,
    );
    expect(() => parseWithAdapter(page)).toThrow(/newest 100 entries of a longer history hold no post/);
    expect(observe(page)).toMatchObject({ outcome: 'error', postsCount: null, lastPostAt: null });
  });

  it('reports a post date outside every message (a message lost its start tag) instead of skipping that post', () => {
    const last = channel.lastIndexOf('<div class="tgme_widget_message text_not_supported_wrap');
    const damaged = channel.slice(0, last) + channel.slice(channel.indexOf('>', last) + 1);
    expect(() => parseWithAdapter(damaged)).toThrow(/post date \(\.tgme_widget_message_date\) sits outside every message/);
  });

  it('reports a page nested deeper than any real one as unreadable, with the reason', () => {
    const hostile = channel.replace('<main', `${'<div>'.repeat(200_000)}<main`);
    expect(() => parseWithAdapter(hostile)).toThrow(UnreadablePageError);
    expect(observe(hostile)).toMatchObject({
      outcome: 'error',
      error: 'page nested too deeply to read (over 1,000 levels)',
      lastPostAt: null,
    });
  });
});
