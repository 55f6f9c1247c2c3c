import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PageMismatchError } from '../../domain/errors.ts';
import type { FetchedPage } from '../adapter.ts';
import { parsePage } from '../parse-page.ts';
import { feed } from './adapter.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const now = new Date('2025-12-06T12:00:00Z');
const timeZone = 'Asia/Shanghai';

function parseWithAdapter(body: string, url = 'https://blog.example.org/feed.xml') {
  const page: FetchedPage = { url, status: 200, contentType: 'application/rss+xml', body };
  return feed.parse(page, { now, timeZone, options: {} }).facts;
}

function observe(body: string, url = 'https://blog.example.org/feed.xml') {
  return parsePage('feed', body, { url, now, timeZone });
}

const postSummary = (facts: ReturnType<typeof parseWithAdapter>) =>
  facts.posts?.map((p) => ({ id: p.id, at: p.at, url: p.url, excerpt: p.excerpt }));

describe('feed adapter: which page it fetches', () => {
  it('fetches the feed URL as given, preferring feed media types', () => {
    const request = feed.firstRequest('http://127.0.0.1:4010/blog/feed?format=rss', {});
    expect(request.url).toBe('http://127.0.0.1:4010/blog/feed?format=rss');
    expect(request.accept).toMatch(/^application\/rss\+xml, application\/atom\+xml, application\/feed\+json/);
  });

  it('fetches over plain HTTP and accepts no options yet', () => {
    expect(feed.fetcher({})).toBe('http');
    expect(feed.optionsSchema.safeParse({}).success).toBe(true);
    expect(feed.optionsSchema.safeParse({ format: 'rss' }).success).toBe(false);
  });
});

describe('feed adapter: RSS 2.0', () => {
  it('reads the channel title and every dated item, skipping an undated one', () => {
    const facts = parseWithAdapter(fixture('rss2.xml'));
    expect(facts.displayName).toBe('城南图书馆的网络日志');
    expect(facts.followers).toBeNull();
    expect(facts.postsCount).toBeNull();
    expect(postSummary(facts)).toEqual([
      {
        id: 'tag:blog.example.org,2025:post-312',
        at: '2025-11-20T10:30:00+08:00',
        url: 'https://blog.example.org/2025/11/reading-club-12.html',
        excerpt: '读书会（第 12 期）：冬季书单',
      },
      {
        id: 'https://blog.example.org/2025/11/opening-hours.html',
        at: '2025-11-28T08:14:06+08:00',
        url: 'https://blog.example.org/2025/11/opening-hours.html',
        excerpt: '开放时间调整',
      },
      {
        id: 'https://blog.example.org/notes/318',
        at: '2025-11-24T21:05:00+08:00',
        url: 'https://blog.example.org/notes/318',
        excerpt: 'Snow day: we close at 15:00. Stay warm & safe.',
      },
      {
        id: 'https://blog.example.org/2025/11/volunteers.html',
        at: '2025-11-11T15:30:25+08:00',
        url: 'https://blog.example.org/2025/11/volunteers.html',
        excerpt: '志愿者招募',
      },
    ]);
  });

  it('chooses the newest item by its date, not by its place in the feed', () => {
    const observation = observe(fixture('rss2.xml'));
    expect(observation.outcome).toBe('ok');
    expect(observation.lastPostAt).toBe('2025-11-28T08:14:06+08:00');
    expect(observation.lastPostUrl).toBe('https://blog.example.org/2025/11/opening-hours.html');
    expect(observation.lastPostExcerpt).toBe('开放时间调整');
  });

  it.each([
    ['a byte order mark', (body: string) => `\uFEFF${body}`],
    ['leading blank lines and an indented declaration', (body: string) => `\n\n   \t${body.trimStart()}`],
    ['no XML declaration', (body: string) => body.replace(/<\?xml[^>]*\?>/, '')],
  ])('tolerates %s before the root element', (_, variant) => {
    expect(observe(variant(fixture('rss2.xml'))).lastPostAt).toBe('2025-11-28T08:14:06+08:00');
  });

  it('marks no item pinned or reposted: feeds carry neither', () => {
    const posts = parseWithAdapter(fixture('rss2.xml')).posts ?? [];
    expect(posts.some((p) => p.pinned || p.repost)).toBe(false);
  });
});

describe('feed adapter: Atom', () => {
  it('dates entries by published, falling back to updated only when published is missing', () => {
    const facts = parseWithAdapter(fixture('atom.xml'), 'https://forum.example.net/index.xml');
    expect(facts.displayName).toBe('Harbour Forum');
    expect(postSummary(facts)).toEqual([
      {
        id: 'tag:forum.example.net,2025-11-30:/t/903',
        at: '2025-11-30T10:00:00+00:00',
        url: 'https://forum.example.net/t/903',
        excerpt: '[Boats] Winter mooring fees',
      },
      {
        id: 'tag:forum.example.net,2025-12-01:/t/905',
        at: '2025-12-01T03:52:42+00:00',
        url: 'https://forum.example.net/t/905',
        excerpt: '[Life] Fog again',
      },
      {
        id: 'tag:forum.example.net,2025-11-29:/t/870',
        at: '2025-11-29T08:00:00+08:00',
        url: 'https://forum.example.net/t/870',
        excerpt: '[Meta] Forum rules',
      },
    ]);
  });

  it('takes the last post from entry publication, never from a later entry or feed-level updated', () => {
    const observation = observe(fixture('atom.xml'), 'https://forum.example.net/index.xml');
    expect(observation.lastPostAt).toBe('2025-12-01T03:52:42+00:00');
    expect(observation.lastPostUrl).toBe('https://forum.example.net/t/905');
  });
});

describe('feed adapter: RSS 1.0 (RDF) and JSON Feed', () => {
  it('reads RDF items that sit beside the channel, dated by dc:date', () => {
    const observation = observe(fixture('rdf.xml'), 'https://parish.example/news.rdf');
    expect(observation.displayName).toBe('Parish Council News');
    expect(observation.posts.map((p) => p.id)).toEqual(['https://parish.example/news/14', 'https://parish.example/news/15']);
    expect(observation.lastPostAt).toBe('2025-11-03T09:30:00+00:00');
  });

  it('reads a JSON Feed, with date_modified as fallback and text content when there is no title', () => {
    const facts = parseWithAdapter(fixture('json-feed.json'), 'https://museum.example/feed.json');
    expect(facts.displayName).toBe('Museum Night Shift');
    expect(postSummary(facts)).toEqual([
      {
        id: '2025-11-02-lanterns',
        at: '2025-11-02T18:00:00-05:00',
        url: 'https://museum.example/posts/lanterns',
        excerpt: 'Lantern workshop recap',
      },
      {
        id: '2025-11-15-late-opening',
        at: '2025-11-15T20:15:00-05:00',
        url: 'https://museum.example/posts/late-opening',
        excerpt: 'Late opening every Friday in December.',
      },
      {
        id: '42',
        at: '2025-11-08T09:00:00-05:00',
        url: 'https://museum.example/posts/gallery-4',
        excerpt: 'Gallery 4 reopens',
      },
    ]);
    expect(observe(fixture('json-feed.json')).lastPostAt).toBe('2025-11-15T20:15:00-05:00');
  });

  it('sniffs the format from the body, whatever the content type says', () => {
    const observation = parsePage('feed', fixture('json-feed.json'), {
      url: 'https://museum.example/feed',
      now,
      timeZone,
      contentType: 'application/rss+xml',
    });
    expect(observation.outcome).toBe('ok');
    expect(observation.posts).toHaveLength(3);
  });
});

describe('feed adapter: a feed that lists nothing', () => {
  it.each([
    ['an RSS channel without items', 'empty-rss.xml', 'Youth Council'],
    ['an Atom feed without entries (its own updated is no post)', 'empty-atom.xml', 'Quiet Lake Rowing Club'],
    ['a JSON Feed with an empty items list', 'empty-json-feed.json', 'Seed Library'],
  ])('reports zero posts for %s', (_, file, title) => {
    const observation = observe(fixture(file));
    expect(observation.outcome).toBe('ok');
    expect(observation.displayName).toBe(title);
    expect(observation.postsCount).toBe(0);
    expect(observation.posts).toEqual([]);
    expect(observation.lastPostAt).toBeNull();
  });
});

describe('feed adapter: an empty feed must hold nothing but known metadata', () => {
  it.each([
    ['an RSS channel with every RSS 2.0 element and namespaced extensions', 'empty-rss-full-channel.xml', 'District Health Bureau'],
    [
      'an Atom feed with every RFC 4287 element, YouTube’s published and namespaced extensions',
      'empty-atom-with-extensions.xml',
      'New Channel',
    ],
    ['a JSON Feed with every spec key and an underscore extension', 'empty-json-feed-full.json', 'Tool Library'],
  ])('still reports zero posts for %s', (_, file, title) => {
    expect(observe(fixture(file))).toMatchObject({ outcome: 'ok', displayName: title, postsCount: 0, lastPostAt: null });
  });

  // Exact tag names only: RDF's `<items>` must stay `<items>` when `<item>` is renamed.
  const renamed = (body: string, from: string, to: string) =>
    body.replace(new RegExp(`<${from}(?=[\\s/>])`, 'g'), `<${to}`).replaceAll(`</${from}>`, `</${to}>`);
  const jsonFeed = (extra: string) => `{ "version": "https://jsonfeed.org/version/1.1", "title": "Seed Library", ${extra}, "items": [] }`;
  it.each([
    [
      'RSS items renamed',
      renamed(fixture('rss2.xml'), 'item', 'entry2'),
      /feed has no items but contains <entry2>: the markup may have changed/,
    ],
    ['Atom entries renamed', renamed(fixture('atom.xml'), 'entry', 'entry2'), /feed has no items but contains <entry2>/],
    ['RDF items renamed', renamed(fixture('rdf.xml'), 'item', 'entry2'), /feed has no items but contains <entry2>/],
    [
      'an RDF channel holding an unknown element',
      fixture('rdf.xml')
        .replace(/<item [\s\S]*<\/item>/, '')
        .replace('<items>', '<posts>')
        .replace('</items>', '</posts>'),
      /contains <posts>/,
    ],
    [
      'RSS items placed beside the channel instead of inside it',
      fixture('empty-rss.xml').replace('</channel>', '</channel><item><title>x</title></item>'),
      /contains <item>/,
    ],
    [
      'an unknown element in an otherwise empty RSS channel',
      fixture('empty-rss.xml').replace('</channel>', '<posts/></channel>'),
      /contains <posts>/,
    ],
    [
      'an unknown element in an otherwise empty Atom feed',
      fixture('empty-atom.xml').replace('</feed>', '<entries/></feed>'),
      /contains <entries>/,
    ],
    [
      'a JSON Feed with empty items beside an unknown key',
      jsonFeed('"entries": [{ "id": "1" }]'),
      /feed has no items but contains "entries"/,
    ],
  ])('reports %s as a changed page, never as an account without posts', (_, body, reason) => {
    expect(() => parseWithAdapter(body)).toThrow(PageMismatchError);
    expect(() => parseWithAdapter(body)).toThrow(reason);
    expect(observe(body)).toMatchObject({ outcome: 'error', postsCount: null, lastPostAt: null });
  });

  it.each([
    ['renamed to "entries"', fixture('empty-json-feed.json').replace('"items"', '"entries"')],
    ['a string', fixture('empty-json-feed.json').replace('"items": []', '"items": "none"')],
    ['null', fixture('empty-json-feed.json').replace('"items": []', '"items": null')],
  ])('requires a JSON Feed "items" array: rejects items %s', (_, body) => {
    expect(() => parseWithAdapter(body)).toThrow(PageMismatchError);
  });

  it('ignores unknown elements and keys when the feed does list entries', () => {
    const rss = fixture('rss2.xml').replace('</channel>', '<posts/></channel>');
    const json = fixture('json-feed.json').replace('"items"', '"entries": [], "items"');
    expect(parseWithAdapter(rss).posts).toHaveLength(4);
    expect(parseWithAdapter(json).posts).toHaveLength(3);
  });
});

describe('feed adapter: no false silence', () => {
  const rss = fixture('rss2.xml');
  const atom = fixture('atom.xml');
  const json = fixture('json-feed.json');
  const cases: Array<[string, 'blocked' | 'error', string]> = [
    ['a captcha page', 'blocked', fixture('captcha.html')],
    ['a login wall', 'blocked', fixture('login-wall.html')],
    ['an HTML error page', 'error', fixture('html-error.html')],
    ['an RSS feed cut off before </rss>', 'error', rss.slice(0, rss.indexOf('</channel>'))],
    ['an RSS feed cut off inside an item', 'error', rss.slice(0, rss.indexOf('<pubDate>'))],
    ['an Atom feed cut off before </feed>', 'error', atom.slice(0, atom.lastIndexOf('</feed>'))],
    ['an RDF feed cut off before </rdf:RDF>', 'error', fixture('rdf.xml').replace('</rdf:RDF>', '')],
    ['invalid JSON (a cut-off JSON Feed)', 'error', json.slice(0, json.indexOf('"items"') + 20)],
    ['JSON that is not a JSON Feed', 'error', fixture('not-a-json-feed.json')],
    ['a JSON array', 'error', '[]'],
    ['an XML document that is not a feed', 'error', fixture('sitemap.xml')],
    ['a feed whose items all lack a readable date', 'error', fixture('undated.xml')],
    ['a plain-text rate-limit notice', 'blocked', 'Too Many Requests: retry in 60 seconds'],
    ['an empty body', 'error', ''],
    ['a body of whitespace', 'error', '  \n\t '],
  ];

  it.each(cases)('reports %s as %s, never as a feed without posts', (_, outcome, body) => {
    const observation = observe(body);
    expect(observation.outcome).toBe(outcome);
    expect(observation.posts).toEqual([]);
    expect(observation.postsCount).toBeNull();
    expect(observation.lastPostAt).toBeNull();
    expect(observation.error).toBeTruthy();
  });

  it.each(cases)('throws PageMismatchError on %s', (_, _outcome, body) => {
    expect(() => parseWithAdapter(body)).toThrow(PageMismatchError);
  });

  it.each([
    ['an HTML page', fixture('html-error.html'), /HTML page/],
    ['a truncated feed', rss.slice(0, rss.indexOf('</channel>')), /truncated: it does not end with <\/rss>/],
    ['undated items', fixture('undated.xml'), /2 entries but no entry has a readable date/],
    ['invalid JSON', '{"version": ', /invalid JSON/],
  ])('says why it rejected %s', (_, body, reason) => {
    expect(() => parseWithAdapter(body)).toThrow(reason);
  });
});

describe('feed adapter: a feed whose structure broke is never read as silence', () => {
  const rss = fixture('rss2.xml');
  const atom = fixture('atom.xml');
  it.each([
    // The reported case: the channel title's end tag garbled, every item swallowed by the title.
    ['the channel title’s end tag garbled', rss.replace('</title>', '</titl?>'), /end tag <\/titl\?> on line 4 closes no open element/],
    ['an item’s start tag garbled', rss.replace('<item>', '<?tem>'), /end tag <\/item> on line 15 closes no open element/],
    ['an item’s end tag missing', rss.replace('</item>', ''), /<item> on line 9 is not closed by its own end tag/],
    // The other entries still read, but which ones survive a break is chance: the feed is not read.
    ['one entry’s date tag garbled among readable entries', rss.replace('</pubDate>', '</pubDat?>'), /feed structure is broken/],
    ['an Atom entry’s start tag garbled', atom.replace('<entry>', '<entri>'), /feed structure is broken/],
  ])('reports a feed with %s as a changed page', (_, body, reason) => {
    expect(() => parseWithAdapter(body)).toThrow(PageMismatchError);
    expect(() => parseWithAdapter(body)).toThrow(reason);
    expect(observe(body)).toMatchObject({ outcome: 'error', postsCount: null, lastPostAt: null, posts: [] });
  });

  it('reads the same feed intact', () => {
    expect(observe(rss)).toMatchObject({ outcome: 'ok', lastPostAt: '2025-11-28T08:14:06+08:00' });
  });

  it('reports a feed nested deeper than any real one as unreadable', () => {
    const deep = rss.replace('<item>', `${'<x>'.repeat(5_000)}${'</x>'.repeat(5_000)}<item>`);
    expect(observe(deep)).toMatchObject({ outcome: 'error', error: 'page nested too deeply to read (over 1,000 levels)' });
  });
});
