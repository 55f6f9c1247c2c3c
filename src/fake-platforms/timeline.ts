import type { FakeAccount } from './population.ts';
import { between, pick, seededRandom } from './random.ts';
import { DAY_MS } from '../domain/durations.ts';

/** One post of a simulated account, as every platform page renders it. */
export interface FakePost {
  /** Position in the account's whole history: 1 is its first post ever, `postCount` its newest. */
  seq: number;
  at: Date;
  title: string;
  /** The post without its title. */
  body: string;
  /** Title and body, the full plain text. */
  text: string;
  pinned: boolean;
  /** A share of someone else's post (Telegram forward, Mastodon reblog). Never the newest post. */
  repost: boolean;
}

/** The most posts any page asks for (Mastodon's maximum `limit`). */
export const MAX_WINDOW = 40;

/** The instant of the account's newest post, whole seconds; null when it never posted. */
export function newestPostTime(account: FakeAccount, now: Date): Date | null {
  if (account.silenceDays === null || account.postCount === 0) return null;
  const at = now.getTime() - Math.round(account.silenceDays * DAY_MS);
  return new Date(Math.floor(at / 1000) * 1000);
}

/**
 * The newest `limit` posts of an account, newest first, preceded by its pinned old post when
 * it has one. Gaps follow the account's cadence with deterministic jitter (±30 %), so the same
 * account and clock always give the same posts, whatever `limit` a page asks for.
 */
export function timeline(account: FakeAccount, now: Date, limit = 20): FakePost[] {
  const newest = newestPostTime(account, now);
  if (newest === null) return [];
  const pinnedSeq = account.pinnedOld && account.postCount >= 2 ? 1 : null;
  const regularCount = account.postCount - (pinnedSeq === null ? 0 : 1);
  const walk = Math.min(regularCount, Math.max(limit, MAX_WINDOW));
  const posts: FakePost[] = [];
  let at = newest.getTime();
  for (let i = 0; i < walk; i++) {
    const seq = account.postCount - i;
    const random = seededRandom(`${account.key}:${seq}`);
    if (i > 0) at -= Math.round((account.cadenceDays * between(random, 0.7, 1.3) * DAY_MS) / 1000) * 1000;
    posts.push({ seq, at: new Date(at), ...postText(account, seq), pinned: false, repost: i > 0 && random() < 0.1 });
  }
  const shown = posts.slice(0, Math.min(limit, posts.length));
  if (pinnedSeq === null) return shown;
  // Older than anything a page can show, so a reader that trusts page order gets it wrong.
  const oldestShowable = posts[posts.length - 1]?.at.getTime() ?? newest.getTime();
  const pinnedAt = oldestShowable - Math.round(between(seededRandom(`${account.key}:pinned`), 30, 300)) * DAY_MS;
  return [{ seq: pinnedSeq, at: new Date(pinnedAt), ...postText(account, pinnedSeq), pinned: true, repost: false }, ...shown];
}

/** Whether the account's texts are Chinese: its display name contains Han characters. */
export function isChinese(account: FakeAccount): boolean {
  return /\p{Script=Han}/u.test(account.displayName);
}

const ZH_TOPICS = [
  '食品安全检查',
  '防汛演练',
  '垃圾分类宣传',
  '义诊进社区',
  '消防安全培训',
  '老年人防诈骗讲座',
  '夏季用电安全',
  '春季植树活动',
  '文明城市创建',
  '暑期托管服务',
  '医保政策解读',
  '就业招聘会',
];
const ZH_FORMS: ReadonlyArray<(unit: string, topic: string, n: number) => readonly [string, string]> = [
  (unit, topic) => [`【通知】关于开展${topic}的通知`, `${unit}将于近期开展${topic}，请广大市民相互转告。`],
  (unit, topic, n) => [`${unit}开展${topic}`, `本次${topic}共有${n}名群众参加，现场气氛热烈。`],
  (_unit, topic) => [`【提醒】${topic}注意事项`, `请大家关注${topic}的相关要求，如有疑问请拨打服务热线。`],
  (unit, topic) => [`${unit}召开${topic}工作会议`, `会议总结了前期工作，部署了下一阶段${topic}任务。`],
];
const EN_TOPICS = [
  'the spring open day',
  'road works on Main Street',
  'the reading challenge',
  'flu vaccinations',
  'the volunteer fair',
  'new opening hours',
  'the weekend concert',
  'storm preparations',
  'the recycling drive',
];
const EN_FORMS: ReadonlyArray<(unit: string, topic: string, n: number) => readonly [string, string]> = [
  (_unit, topic) => [`Update on ${topic}`, `Here is what you need to know about ${topic} this week.`],
  (unit, topic, n) => [`Thank you for joining ${topic}`, `${n} people came to ${topic} with ${unit}. See you next time!`],
  (_unit, topic) => [`Reminder: ${topic}`, `A quick reminder about ${topic}. Details on our website.`],
];

function postText(account: FakeAccount, seq: number): { title: string; body: string; text: string } {
  if (seq === account.postCount && account.newestPostText !== undefined) {
    return { title: account.newestPostText, body: '', text: account.newestPostText };
  }
  const random = seededRandom(`${account.key}:text:${seq}`);
  const n = Math.round(between(random, 12, 480));
  const chinese = isChinese(account);
  const [title, body] = chinese
    ? pick(random, ZH_FORMS)(account.displayName, pick(random, ZH_TOPICS), n)
    : pick(random, EN_FORMS)(account.displayName, pick(random, EN_TOPICS), n);
  return { title, body, text: chinese ? `${title}。${body}` : `${title}. ${body}` };
}
