import { FAULT_WEIGHTS, faultHidesStatus, type FaultMode } from './faults.ts';
import { randomName } from './names.ts';
import { apportion, between, deal, hashString, logBetween, seededRandom, type Random } from './random.ts';
import { PLATFORM_IDS } from '../platforms/platform-ids.ts';

export type FakePlatform = 'telegram' | 'mastodon' | 'feed' | 'html' | 'bluesky' | 'youtube' | 'wechat' | 'weibo' | 'bilibili';
/** Feeds: rss, atom, json; html: static, browser; wechat: the URL registered, an article or the account's history page. */
export type FakeVariant = 'rss' | 'atom' | 'json' | 'static' | 'browser' | 'article' | 'history';
export type ExpectedStatus = 'active' | 'drifting' | 'sleeping' | 'zombie' | 'empty' | 'unknown';

/** One simulated account and the answer a correct client must reach about it. */
export interface FakeAccount {
  /** Url-safe unique name (also the Telegram/Mastodon username). */
  key: string;
  platform: FakePlatform;
  /** Feeds: rss, atom or json; html: static or browser; wechat: article or history. Absent for the other platforms. */
  variant?: FakeVariant;
  displayName: string;
  followers: number;
  /** Days since the newest post as of the server's clock; null = never posted (empty). */
  silenceDays: number | null;
  /** Usual gap between posts, in days. */
  cadenceDays: number;
  /** Total posts the platform says the account has. */
  postCount: number;
  /** A pinned OLD post sits first on the page (platforms that show pins: mastodon, html, bluesky, weibo, bilibili). */
  pinnedOld: boolean;
  fault: FaultMode | null;
  expectedStatus: ExpectedStatus;
  /**
   * The whole text of the newest post, instead of a generated one: a closure notice
   * ("本账号停止更新，…"), or any wording a test needs on the post that decides the status.
   */
  newestPostText?: string;
}

type Activity = 'active' | 'drifting' | 'sleeping' | 'zombie' | 'empty';
type PlatformSlot =
  'telegram' | 'mastodon' | 'rss' | 'atom' | 'json' | 'static' | 'browser' | 'bluesky' | 'youtube' | 'wechat' | 'weibo' | 'bilibili';

const ACTIVITY_WEIGHTS: Readonly<Record<Activity, number>> = { active: 40, drifting: 10, sleeping: 20, zombie: 10, empty: 5 };

/** Share of all accounts that get a fault, when faults are on. */
const FAULT_SHARE = 15;

/**
 * Browser pages are few: a headless browser renders a handful of pages per second. Platforms
 * whose adapter is not registered (PLATFORM_IDS) are left out, since no client could read them.
 */
const PLATFORM_WEIGHTS: Readonly<Record<PlatformSlot, number>> = {
  telegram: 40,
  mastodon: 22,
  rss: 10,
  atom: 7,
  json: 6,
  static: 11,
  browser: 4,
  bluesky: 8,
  youtube: 7,
  wechat: 6,
  weibo: 8,
  bilibili: 6,
};

/** Slots that show a pinned post on top of the newest ones. */
const PINNING_SLOTS: ReadonlySet<PlatformSlot> = new Set(['mastodon', 'static', 'browser', 'bluesky', 'weibo', 'bilibili']);

function drawableWeights(): Record<PlatformSlot, number> {
  const weights = { ...PLATFORM_WEIGHTS };
  for (const slot of Object.keys(weights) as PlatformSlot[]) if (!PLATFORM_IDS.includes(platformOf(slot))) weights[slot] = 0;
  return weights;
}

/**
 * Silence ranges per activity. Each keeps more than a day away from the 10/14/90-day lines,
 * so a date-only timestamp read as "end of that day" (up to a day either way, depending on
 * the zone) cannot move an account across a line.
 */
const SILENCE_RANGES: Readonly<Record<Exclude<Activity, 'empty'>, readonly [number, number]>> = {
  active: [0.05, 6],
  drifting: [11.25, 12.75],
  sleeping: [15.25, 88.75],
  zombie: [91.25, 400],
};

/** The status a correct client derives from a silence (default policy: 10 / 14 / 90 days). */
export function statusForSilence(silenceDays: number | null): Exclude<ExpectedStatus, 'unknown'> {
  if (silenceDays === null) return 'empty';
  if (silenceDays >= 90) return 'zombie';
  if (silenceDays >= 14) return 'sleeping';
  if (silenceDays >= 10) return 'drifting';
  return 'active';
}

/**
 * A deterministic, varied population of simulated accounts: the same seed always gives the
 * same accounts. About 40 % active, 10 % drifting, 20 % sleeping, 10 % zombie, 5 % empty
 * and 15 % with a fault (only `slow` and `flaky` ones keep a readable status).
 */
export function buildPopulation(opts: { count: number; seed: string | number; faults?: boolean }): FakeAccount[] {
  const random = seededRandom(`population:${opts.seed}`);
  const withFaults = opts.faults ?? true;
  const buckets = deal(random, apportion(opts.count, { ...ACTIVITY_WEIGHTS, fault: withFaults ? FAULT_SHARE : 0 }));
  const faultModes = deal(random, apportion(buckets.filter((b) => b === 'fault').length, FAULT_WEIGHTS));
  const platforms = deal(random, apportion(opts.count, drawableWeights()));
  const usedNames = new Map<string, number>();

  return buckets.map((bucket, index) => {
    const activity: Activity = bucket === 'fault' ? drawActivity(random) : bucket;
    const fault = bucket === 'fault' ? (faultModes.pop() ?? null) : null;
    const slot = platforms[index] ?? 'telegram';
    const name = randomName(random);
    const seen = usedNames.get(name.displayName) ?? 0;
    usedNames.set(name.displayName, seen + 1);
    const silenceDays = drawSilence(random, activity);
    const postCount = activity === 'empty' ? 0 : Math.round(logBetween(random, 3, 3000));
    const pinnable = PINNING_SLOTS.has(slot) && postCount >= 3;
    const key = `${name.slug}_${String(index + 1).padStart(4, '0')}`;
    const account: FakeAccount = {
      key,
      platform: platformOf(slot),
      displayName: seen === 0 ? name.displayName : `${name.displayName}${name.chinese ? '' : ' '}${seen + 1}`,
      followers: Math.round(logBetween(random, 20, 3_000_000)),
      silenceDays,
      cadenceDays: drawCadence(random, activity, silenceDays),
      postCount,
      pinnedOld: pinnable && random() < 0.25,
      fault,
      expectedStatus: faultHidesStatus(fault) ? 'unknown' : statusForSilence(silenceDays),
    };
    const variant = variantOf(slot, key, postCount);
    if (variant) account.variant = variant;
    return account;
  });
}

function platformOf(slot: PlatformSlot): FakePlatform {
  switch (slot) {
    case 'rss':
    case 'atom':
    case 'json':
      return 'feed';
    case 'static':
    case 'browser':
      return 'html';
    default:
      return slot;
  }
}

/**
 * The variant of a slot's account. A WeChat account is mostly registered by one of its
 * articles; one in five, and every account without an article, by its history page.
 */
function variantOf(slot: PlatformSlot, key: string, postCount: number): FakeVariant | undefined {
  if (slot === 'wechat') return postCount === 0 || hashString(`wechat-url:${key}`) % 5 === 0 ? 'history' : 'article';
  if (platformOf(slot) === 'feed' || platformOf(slot) === 'html') return slot as FakeVariant;
  return undefined;
}

function drawActivity(random: Random): Activity {
  const total = Object.values(ACTIVITY_WEIGHTS).reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (const [activity, weight] of Object.entries(ACTIVITY_WEIGHTS) as Array<[Activity, number]>) {
    r -= weight;
    if (r < 0) return activity;
  }
  return 'active';
}

function drawSilence(random: Random, activity: Activity): number | null {
  if (activity === 'empty') return null;
  const [min, max] = SILENCE_RANGES[activity];
  // Whole minutes keep the numbers readable in reports and exact in page timestamps.
  return Math.round(between(random, min, max) * 1440) / 1440;
}

/**
 * Active accounts get a cadence comfortably longer than their silence, so no gap-based
 * early warning can fire on them: their silence is shorter than every gap they ever left.
 */
function drawCadence(random: Random, activity: Activity, silenceDays: number | null): number {
  const days =
    activity === 'active' && silenceDays !== null
      ? silenceDays * between(random, 1.5, 2.5) + between(random, 0.3, 1)
      : logBetween(random, 0.5, 10);
  return Math.round(days * 100) / 100;
}
