import { describe, expect, it } from 'vitest';
import { BlockedPageError, PageMismatchError, UnreadablePageError } from '../domain/errors.ts';
import {
  dropTag,
  dropTagEnd,
  entityExpansion,
  flipCharacter,
  garbleJson,
  garbleTagName,
  hugeAttribute,
  nestDeeply,
  truncate,
  type Mutation,
} from '../fake-platforms/page-mutations.ts';
import { renderFeed } from '../fake-platforms/pages/feed.ts';
import { renderMastodonAccount, renderMastodonStatuses } from '../fake-platforms/pages/mastodon.ts';
import type { PageContext } from '../fake-platforms/pages/page.ts';
import { profileOptions, renderStaticProfile } from '../fake-platforms/pages/profile.ts';
import { renderTelegramPreview } from '../fake-platforms/pages/telegram.ts';
import type { FakeAccount } from '../fake-platforms/population.ts';
import { seededRandom } from '../fake-platforms/random.ts';
import { fakeAccount } from '../../tests/support/fake-account.ts';
import type { Observation } from '../domain/observation.ts';
import { parsePage } from './parse-page.ts';
import { requirePlatform } from './parse-page.ts';

/**
 * Fuzz-style specifications: the simulated platforms' pages, damaged the way a fuzzer damages
 * them, must never crash a reader and never read as silence. Every case is seeded, so a
 * failure names the seed that replays it.
 */

const now = new Date('2026-05-05T12:00:00Z');
const url = 'https://platform.example/s/account';

interface Subject {
  name: string;
  platform: string;
  body: string;
  options: Record<string, unknown>;
  json: boolean;
  /**
   * Whether any structural damage must read as unknown unless the reading is unchanged. The
   * generic html adapter reads arbitrary, often sloppy HTML leniently, so a damaged page may
   * lose the one post whose markup broke; it must still never read as empty or invent a post.
   */
  strict: boolean;
}

// Drifting (12 days silent, posting every 2): losing the newest post would move it towards sleeping.
const account = (overrides: Partial<FakeAccount> & Pick<FakeAccount, 'key' | 'platform'>) =>
  fakeAccount({ silenceDays: 12, cadenceDays: 2, postCount: 40, ...overrides });
const page = (a: FakeAccount): PageContext => ({ account: a, now, base: 'https://platform.example', changedMarkup: false });
const { render: _render, ...htmlOptions } = profileOptions('http');

const SUBJECTS: Subject[] = [
  {
    name: 'Telegram preview',
    platform: 'telegram',
    body: renderTelegramPreview(page(account({ key: 'channel', platform: 'telegram' }))).body,
    options: {},
    json: false,
    strict: true,
  },
  {
    name: 'RSS feed',
    platform: 'feed',
    body: renderFeed(page(account({ key: 'rss', platform: 'feed', variant: 'rss' })), 'rss').body,
    options: {},
    json: false,
    strict: true,
  },
  {
    name: 'Atom feed',
    platform: 'feed',
    body: renderFeed(page(account({ key: 'atom', platform: 'feed', variant: 'atom' })), 'atom').body,
    options: {},
    json: false,
    strict: true,
  },
  {
    name: 'JSON Feed',
    platform: 'feed',
    body: renderFeed(page(account({ key: 'json', platform: 'feed', variant: 'json' })), 'json').body,
    options: {},
    json: true,
    strict: true,
  },
  {
    name: 'Mastodon account',
    platform: 'mastodon',
    body: renderMastodonAccount(page(account({ key: 'masto', platform: 'mastodon' }))).body,
    options: {},
    json: true,
    strict: true,
  },
  {
    name: 'Mastodon statuses',
    platform: 'mastodon',
    body: renderMastodonStatuses(page(account({ key: 'masto', platform: 'mastodon', pinnedOld: true })), { limit: 20, pinnedOnly: false })
      .body,
    options: {},
    json: true,
    strict: true,
  },
  {
    name: 'profile page',
    platform: 'html',
    body: renderStaticProfile(page(account({ key: 'profile', platform: 'html', variant: 'static', pinnedOld: true }))).body,
    options: htmlOptions,
    json: false,
    strict: false,
  },
];

const STRUCTURAL: Mutation[] = [garbleTagName, dropTagEnd, dropTag, truncate];
const structuralFor = (s: Subject) => (s.json ? [garbleJson, truncate] : STRUCTURAL);
const SEEDS = 60;

const observe = (s: Subject, body: string) => parsePage(s.platform, body, { url, now, options: s.options });
const intact = new Map(SUBJECTS.map((s) => [s, observe(s, s.body)]));

/** Every seeded damage of one kind done to a subject's page. */
function damaged(s: Subject, mutation: Mutation, seeds = SEEDS): Array<{ seed: string; body: string }> {
  const cases: Array<{ seed: string; body: string }> = [];
  for (let i = 0; i < seeds; i++) {
    const seed = `${s.name}/${mutation.name}/${i}`;
    const body = mutation.apply(s.body, seededRandom(seed));
    if (body !== null && body !== s.body) cases.push({ seed, body });
  }
  return cases;
}

const reading = (o: Observation) => ({
  outcome: o.outcome,
  lastPostAt: o.lastPostAt,
  postsCount: o.postsCount,
  posts: o.posts.map((p) => p.at),
});

describe('hostile and corrupted pages', () => {
  it.each(SUBJECTS)('reads the intact $name (the baseline the damage is measured against)', (s) => {
    expect(intact.get(s)).toMatchObject({ outcome: 'ok', postsCount: s.platform === 'mastodon' ? 40 : null });
    expect(intact.get(s)?.lastPostAt).not.toBeNull();
  });

  it.each(SUBJECTS)('never lets anything but a page error out of the $name reader, whatever the damage', (s) => {
    const adapter = requirePlatform(s.platform);
    const mutations = [...structuralFor(s), flipCharacter, nestDeeply, hugeAttribute, entityExpansion];
    const escaped: string[] = [];
    for (const mutation of mutations) {
      for (const { seed, body } of damaged(s, mutation, mutation === hugeAttribute || mutation === nestDeeply ? 4 : SEEDS)) {
        try {
          adapter.parse({ url, status: 200, contentType: null, body }, { now, timeZone: 'Asia/Shanghai', options: s.options });
        } catch (err) {
          const typed = err instanceof PageMismatchError || err instanceof BlockedPageError || err instanceof UnreadablePageError;
          if (!typed) escaped.push(`${seed}: ${String(err)}`);
        }
      }
    }
    expect(escaped).toEqual([]);
  });

  it.each(SUBJECTS.filter((s) => s.strict))('reads a $name whose structure broke as unknown, or exactly as the intact page', (s) => {
    const wrong: string[] = [];
    let unknown = 0;
    for (const mutation of structuralFor(s)) {
      for (const { seed, body } of damaged(s, mutation)) {
        const observation = observe(s, body);
        if (observation.outcome !== 'ok') unknown++;
        else if (JSON.stringify(reading(observation)) !== JSON.stringify(reading(intact.get(s)!))) wrong.push(seed);
      }
    }
    expect(wrong).toEqual([]);
    // The damage did reach the reader: many of the broken pages were refused.
    expect(unknown).toBeGreaterThan(0);
  });

  it('reads a damaged profile page as unknown, or loses at most the one post whose markup broke, and never reads it as empty', () => {
    const s = SUBJECTS.find((x) => !x.strict)!;
    const whole = intact.get(s)!.posts.map((p) => p.at);
    const wrong: string[] = [];
    for (const mutation of STRUCTURAL) {
      for (const { seed, body } of damaged(s, mutation)) {
        const observation = observe(s, body);
        if (observation.outcome !== 'ok') continue;
        const read = observation.posts.map((p) => p.at);
        const invented = read.filter((at) => !whole.includes(at));
        if (observation.postsCount === 0 || invented.length > 0 || read.length < whole.length - 1) wrong.push(seed);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(SUBJECTS.filter((s) => !s.json))('reads a $name nested thousands of levels deep as unknown, saying so', (s) => {
    const root = /<(html|rss|feed)\b[^>]*>/.exec(s.body)!;
    const at = root.index + root[0].length;
    const body = s.body.slice(0, at) + '<div>'.repeat(200_000) + s.body.slice(at);
    expect(observe(s, body)).toMatchObject({
      outcome: 'error',
      error: 'page nested too deeply to read (over 1,000 levels)',
      lastPostAt: null,
    });
  });

  it.each(SUBJECTS.filter((s) => !s.json))('reads a $name carrying a megabyte-long attribute as it reads the intact page', (s) => {
    const body = s.body.replace(/<(html|rss|feed)\b/, `$& data-x="${'x'.repeat(1 << 20)}"`);
    expect(reading(observe(s, body))).toEqual(reading(intact.get(s)!));
  });

  it.each(SUBJECTS.filter((s) => !s.json))('expands no entity a $name declares ("billion laughs")', (s) => {
    const withBomb = entityExpansion.apply(s.body, seededRandom(`${s.name}/bomb`))!;
    // The reference sits before the root element's first child, where it is plain text to every reader.
    const body = withBomb.replace('&lol9;', '').replace(/<(html|rss|feed)\b[^>]*>/, '$&&lol9;');
    const observation = observe(s, body);
    expect(reading(observation)).toEqual(reading(intact.get(s)!));
    expect(JSON.stringify(observation)).not.toContain('lollol');
  });
});
