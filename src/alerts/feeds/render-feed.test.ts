import { parseAtomFeed, parseFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../domain/locale.ts';
import type { Alert, AlertEvent } from '../../domain/alert.ts';
import { describeEvent } from '../event-text.ts';
import { FEED_FORMATS, feedValidators, renderAlertFeed, type AlertFeedOptions, type FeedFormat } from './render-feed.ts';

// Names and excerpts as hostile to XML and HTML as a scraped page can make them.
const HOSTILE_NAME = 'Tom & Jerry <script>alert("x")</script> \'官方\' 🐱';
const HOSTILE_UNIT = '宣传部 "A&B" <总部>';
const HOSTILE_EXCERPT = '5 < 6 && 7 > 3 ]]> again ]]> "引号" 🎉 end';
/** A bell and a lone surrogate (half an emoji cut by a scraper): XML cannot carry either. */
const UNREPRESENTABLE = '\u0007\uD83C';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const EVIDENCE_URL = 'https://t.me/s/tom_jerry/812?single&embed=1';

const sleepingAlert: Alert = {
  id: 7,
  key: 'silence:42',
  kind: 'silence',
  state: 'open',
  severity: 'critical',
  status: 'sleeping',
  platform: 'telegram',
  account: {
    id: 42,
    name: HOSTILE_NAME,
    platform: 'telegram',
    url: 'https://t.me/s/tom_jerry',
    unit: HOSTILE_UNIT,
    group: '新闻',
    region: '北京',
  },
  reason: { code: 'silent', line: 'red-line', daysSilent: 15, lastPostAt: '2026-04-29T08:00:00.000Z', redLineDays: 14, zombieDays: 90 },
  evidence: { lastPostAt: '2026-04-29T08:00:00.000Z', lastPostUrl: EVIDENCE_URL, lastPostExcerpt: HOSTILE_EXCERPT + UNREPRESENTABLE },
  openedAt: '2026-05-09T01:00:00.000Z',
  resolvedAt: null,
};

const opened: AlertEvent = {
  id: 101,
  type: 'opened',
  at: '2026-05-09T01:00:00.000Z',
  alert: {
    ...sleepingAlert,
    severity: 'warning',
    status: 'drifting',
    reason: { code: 'silent', line: 'warn', daysSilent: 10, lastPostAt: '2026-04-29T08:00:00.000Z', redLineDays: 14, zombieDays: 90 },
  },
};
const escalated: AlertEvent = { id: 102, type: 'escalated', at: '2026-05-14T01:00:00.000Z', alert: sleepingAlert };
const parserBroken: AlertEvent = {
  id: 201,
  type: 'opened',
  at: '2026-05-15T03:30:00.000Z',
  alert: {
    id: 9,
    key: 'parser-broken:telegram',
    kind: 'parser-broken',
    state: 'open',
    severity: 'warning',
    status: null,
    platform: 'telegram',
    account: null,
    reason: { code: 'parser-broken', platform: 'telegram', failed: 9, total: 10 },
    evidence: null,
    openedAt: '2026-05-15T03:30:00.000Z',
    resolvedAt: null,
  },
};
const wokeUp: AlertEvent = {
  id: 103,
  type: 'woke-up',
  at: '2026-05-20T02:15:00.000Z',
  alert: {
    ...sleepingAlert,
    state: 'resolved',
    severity: 'info',
    status: 'active',
    reason: { code: 'woke-up', lastPostAt: '2026-05-20T01:00:00.000Z' },
    evidence: {
      lastPostAt: '2026-05-20T01:00:00.000Z',
      lastPostUrl: 'https://t.me/s/tom_jerry/813',
      lastPostExcerpt: '我们回来了 🎉 & more',
    },
    resolvedAt: '2026-05-20T02:15:00.000Z',
  },
};

/** Newest first, as the store hands them over. */
const events = [wokeUp, parserBroken, escalated, opened];

const SITE_URL = 'https://sleepwatch.example.org/';
const selfUrl = (format: FeedFormat, token = 's3cret') =>
  `https://sleepwatch.example.org/feeds/alerts.${format}?token=${token}&unit=${encodeURIComponent('市委宣传部')}`;
const optionsFor = (format: FeedFormat, locale: Locale, extra: Partial<AlertFeedOptions> = {}): AlertFeedOptions => ({
  locale,
  selfUrl: selfUrl(format),
  siteUrl: SITE_URL,
  updated: new Date(wokeUp.at),
  ...extra,
});

/** An entry as a subscriber's reader sees it, whatever the format. */
interface ReadEntry {
  id: string;
  title: string;
  link: string | undefined;
  published: string | undefined;
  updated: string | undefined;
  categories: string[];
  /** The entry's full text with markup removed. */
  text: string;
}

interface ReadFeed {
  title: string;
  /** Atom only: RSS and JSON Feed have no feed id. */
  id: string | undefined;
  selfLink: string | undefined;
  entries: ReadEntry[];
}

/** Reads a rendered feed back with feedsmith, an independent parser, the way a reader would. */
function readBack(format: FeedFormat, body: string): ReadFeed {
  expect(parseFeed(body).format).toBe(format);
  if (format === 'rss') {
    const feed = parseRssFeed(body);
    return {
      title: feed.title ?? '',
      id: undefined,
      selfLink: feed.atom?.links?.find((l) => l.rel === 'self')?.href,
      entries: (feed.items ?? []).map((item) => ({
        id: item.guid?.value ?? '',
        // The generator writes titles as escaped HTML; see render-feed.ts.
        title: htmlToText(item.title ?? ''),
        link: item.link,
        published: item.pubDate,
        updated: item.pubDate,
        categories: (item.categories ?? []).map((c) => c.name ?? ''),
        text: htmlToText(item.content?.encoded ?? ''),
      })),
    };
  }
  if (format === 'atom') {
    const feed = parseAtomFeed(body);
    return {
      title: feed.title?.value ?? '',
      id: feed.id,
      selfLink: feed.links?.find((l) => l.rel === 'self')?.href,
      entries: (feed.entries ?? []).map((entry) => ({
        id: entry.id ?? '',
        title: entry.title?.type === 'html' ? htmlToText(entry.title.value) : (entry.title?.value ?? ''),
        link: entry.links?.find((l) => (l.rel ?? 'alternate') === 'alternate')?.href,
        published: entry.published,
        updated: entry.updated,
        categories: (entry.categories ?? []).map((c) => c.term ?? ''),
        text: htmlToText(entry.content?.value ?? ''),
      })),
    };
  }
  const feed = parseJsonFeed(body);
  return {
    title: feed.title ?? '',
    id: undefined,
    selfLink: feed.feed_url,
    entries: (feed.items ?? []).map((item) => ({
      id: item.id ?? '',
      title: item.title ?? '',
      link: item.url,
      published: item.date_published,
      updated: item.date_modified,
      categories: item.tags ?? [],
      text: htmlToText(item.content_html ?? ''),
    })),
  };
}

/** Enough of an HTML renderer for these entries: line breaks, no tags, the escapes the renderer uses. */
function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/?blockquote)\b[^>]*>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name] ?? '');
}

const render = (format: FeedFormat, locale: Locale, extra: Partial<AlertFeedOptions> = {}) =>
  renderAlertFeed(format, events, optionsFor(format, locale, extra));

const everyFormatAndLocale = FEED_FORMATS.flatMap((format) => (['zh-CN', 'en'] as const).map((locale) => [format, locale] as const));

describe('renderAlertFeed: RSS 2.0, Atom 1.0 and JSON Feed 1.1 an independent parser accepts', () => {
  it.each(everyFormatAndLocale)('%s in %s has one entry per event, newest first', (format, locale) => {
    const feed = readBack(format, render(format, locale).body);
    expect(feed.entries.map((e) => e.id)).toEqual(events.map((e) => `urn:sleepwatch:alert-event:${e.id}`));
  });

  it.each(FEED_FORMATS)('%s entry ids stay the same across renders, even on another token or update time', (format) => {
    const first = readBack(format, render(format, 'zh-CN').body);
    const again = readBack(
      format,
      renderAlertFeed(format, events, optionsFor(format, 'zh-CN', { selfUrl: selfUrl(format, 'rotated'), updated: new Date() })).body,
    );
    expect(again.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
  });

  it.each(everyFormatAndLocale)('%s in %s titles and texts every entry in the feed language', (format, locale) => {
    const feed = readBack(format, render(format, locale).body);
    feed.entries.forEach((entry, i) => {
      const expected = describeEvent(events[i]!, locale);
      expect(entry.title).toBe(expected.title);
      expect(entry.text).toContain(expected.body);
    });
    const escalatedTitle = feed.entries[2]!.title;
    if (locale === 'zh-CN') {
      expect(feed.title).toBe('sleepwatch 告警');
      expect(escalatedTitle).toContain('睡眠');
      expect(escalatedTitle).not.toContain('sleeping');
    } else {
      expect(feed.title).toBe('sleepwatch alerts');
      expect(escalatedTitle).toContain('sleeping');
      expect(escalatedTitle).not.toContain('睡眠');
    }
  });

  it.each(FEED_FORMATS)('%s takes a custom title over the localised one', (format) => {
    expect(readBack(format, render(format, 'zh-CN', { title: '市委宣传部 & 网信办' }).body).title).toBe('市委宣传部 & 网信办');
  });

  it.each(FEED_FORMATS)('%s links each entry to the newest post, or else the account page, or else the site', (format) => {
    const noEvidence: AlertEvent = { ...escalated, id: 104, alert: { ...sleepingAlert, evidence: null } };
    const scriptEvidence: AlertEvent = {
      ...escalated,
      id: 105,
      alert: { ...sleepingAlert, evidence: { ...sleepingAlert.evidence!, lastPostUrl: 'javascript:alert(1)' } },
    };
    const feed = readBack(format, renderAlertFeed(format, [...events, noEvidence, scriptEvidence], optionsFor(format, 'en')).body);
    expect(feed.entries.map((e) => e.link)).toEqual([
      'https://t.me/s/tom_jerry/813',
      SITE_URL, // platform-level: no account, no evidence
      EVIDENCE_URL,
      EVIDENCE_URL,
      'https://t.me/s/tom_jerry',
      'https://t.me/s/tom_jerry', // never a script link from a scraped page
    ]);
  });

  it.each(FEED_FORMATS)('%s dates every entry at the time of its event', (format) => {
    const feed = readBack(format, render(format, 'en').body);
    feed.entries.forEach((entry, i) => {
      expect(Date.parse(entry.published!)).toBe(Date.parse(events[i]!.at));
      expect(Date.parse(entry.updated!)).toBe(Date.parse(events[i]!.at));
    });
  });

  it.each(FEED_FORMATS)('%s carries names and excerpts with &<>" and emoji intact, dropping only what XML cannot hold', (format) => {
    const feed = readBack(format, render(format, 'en').body);
    const entry = feed.entries[2]!;
    expect(entry.title).toContain(HOSTILE_NAME);
    expect(entry.text).toContain(HOSTILE_UNIT);
    expect(entry.text).toContain(HOSTILE_EXCERPT);
    expect(entry.text).not.toContain(UNREPRESENTABLE[0]);
    expect(feed.entries[0]!.text).toContain('我们回来了 🎉 & more');
  });

  it.each(['rss', 'atom'] as const)('%s never lets a name or excerpt become markup or break the XML', (format) => {
    const { body } = render(format, 'en');
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('\u0007');
    expect(body).not.toMatch(LONE_SURROGATE);
  });

  it('never lets a name or excerpt become markup in JSON Feed HTML content', () => {
    const json = JSON.parse(render('json', 'en').body) as { items: Array<{ content_html: string }> };
    for (const item of json.items) expect(item.content_html).not.toContain('<script>');
  });

  it.each(FEED_FORMATS)('%s categorises each entry by alert kind and status', (format) => {
    const feed = readBack(format, render(format, 'en').body);
    expect(feed.entries.map((e) => e.categories)).toEqual([
      ['silence', 'active'],
      ['parser-broken'],
      ['silence', 'sleeping'],
      ['silence', 'drifting'],
    ]);
  });

  it.each(FEED_FORMATS)('%s links to itself with the token, so readers can refresh it', (format) => {
    expect(readBack(format, render(format, 'en').body).selfLink).toBe(selfUrl(format));
  });

  it('gives the Atom feed an id without the token, the same for every token', () => {
    const id = readBack('atom', render('atom', 'en').body).id;
    expect(id).toBe(`https://sleepwatch.example.org/feeds/alerts.atom?unit=${encodeURIComponent('市委宣传部')}`);
    const rotated = renderAlertFeed('atom', events, optionsFor('atom', 'en', { selfUrl: selfUrl('atom', 'rotated') }));
    expect(readBack('atom', rotated.body).id).toBe(id);
  });

  it('writes JSON Feed 1.1 with the feed language', () => {
    const json = JSON.parse(render('json', 'zh-CN').body) as { version: string; language: string };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.language).toBe('zh-CN');
  });

  it('serves each format with its own content type', () => {
    expect(render('rss', 'en').contentType).toBe('application/rss+xml; charset=utf-8');
    expect(render('atom', 'en').contentType).toBe('application/atom+xml; charset=utf-8');
    expect(render('json', 'en').contentType).toBe('application/feed+json; charset=utf-8');
  });

  it.each(FEED_FORMATS)('%s renders a feed without events', (format) => {
    const feed = readBack(format, renderAlertFeed(format, [], optionsFor(format, 'zh-CN')).body);
    expect(feed.title).toBe('sleepwatch 告警');
    expect(feed.entries).toEqual([]);
  });
});

describe('feedValidators: answering conditional GETs without rendering', () => {
  const validators = (list: AlertEvent[], format: FeedFormat = 'atom', locale: Locale = 'zh-CN', filterKey = 'unit=市委宣传部') =>
    feedValidators(list, format, locale, filterKey);

  it('gives a strong, quoted ETag', () => {
    expect(validators(events).etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  });

  it('keeps the ETag while the events stay the same', () => {
    expect(validators([...events]).etag).toBe(validators(events).etag);
  });

  it('changes the ETag when a new event appears', () => {
    const reminder: AlertEvent = { ...escalated, id: 104, type: 'reminder', at: '2026-05-21T01:00:00.000Z' };
    expect(validators([reminder, ...events]).etag).not.toBe(validators(events).etag);
  });

  it('changes the ETag when an event drops out of the window', () => {
    expect(validators(events.slice(0, 3)).etag).not.toBe(validators(events).etag);
  });

  it('gives each format, language and filter its own ETag', () => {
    const etags = new Set([
      validators(events).etag,
      validators(events, 'rss').etag,
      validators(events, 'atom', 'en').etag,
      validators(events, 'atom', 'zh-CN', '').etag,
    ]);
    expect(etags.size).toBe(4);
  });

  it('dates the feed at its newest event, to the whole second', () => {
    expect(validators(events).lastModified).toEqual(new Date(wokeUp.at));
    const late: AlertEvent = { ...opened, id: 300, at: '2026-06-01T00:00:00.999Z' };
    expect(validators([late]).lastModified).toEqual(new Date('2026-06-01T00:00:00.000Z'));
  });

  it('has no Last-Modified for a feed without events, but still an ETag', () => {
    const empty = validators([]);
    expect(empty.lastModified).toBeNull();
    expect(empty.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  });
});
