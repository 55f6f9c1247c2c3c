/**
 * Closure notices (关停公告): a post saying its account is closing, no longer updated or has
 * moved. The national checklist wants such a notice to say where service went, so besides
 * spotting the notice we pull out the target it names ("迁移至“南京食药监”").
 *
 * False alarms are the expensive mistake here (a road closure is not an account closure), so
 * only a few phrases count on their own; the rest must be tied to the account itself.
 */

/** A post that announces its account is closing, no longer updated, or moved elsewhere. */
export interface ClosureNotice {
  /**
   * The wording that makes it a notice, as written: "停止更新", "注销", "this account is closed";
   * the first closure wording in the post, or the move verb ("迁移至") when it only moves.
   */
  phrase: string;
  /**
   * Where followers are sent: a bare account name ("南京食药监", platform words outside the
   * quotes dropped), an @handle (kept with its "@"), or a URL. Null when the notice names none.
   */
  target: string | null;
}

/** Phrases that announce the end of updates whoever says them. "不停更新" means the opposite. */
const UNAMBIGUOUS = [
  /(?<!不)(?:停止更新|终止更新|暂停更新|不再更新|停更)/gu,
  /\b(?:will\s+)?no\s+longer\s+(?:be\s+|being\s+)?(?:updated|maintained|monitored)\b/giu,
];

/**
 * An account speaking of itself. "本" and "此" only: "该账号已被注销" is how news reports on
 * someone else's account. The look-behinds keep "日本号", "成本号", "因此号召" out.
 */
const SELF =
  '(?:(?<![日成根基资版剧样课文书原脚标户])本|(?<![因如彼从在于就借据至由])此)(?:微信公众号|公众号|订阅号|服务号|视频号|官方微博|微博|官微|账号|帐号|微信号|抖音号|头条号|平台|频道|网站|号)';
const SELF_MENTION = new RegExp(SELF, 'gu');

/** Verbs that close an account only when the account is their subject ("某某路段临时关停" is not). */
const ACCOUNT_VERB = /(?:关停|注销|停止运营|不再运营|停止使用|不再使用|停用|不再维护)/gu;
const VERB_THEN_SELF = new RegExp(`^(?:了)?${SELF}`, 'u');
/** "本号注销。" ends there; "本平台停止使用旧版页面" has an object, so the account is doing, not done to. */
const VERB_ENDS_CLAUSE = /^(?:$|[\s，,。！？!?；;、）)…~]|了|后|啦|完毕|并|期间)/u;

/** What may stand between "本号，" and its verb in a later clause: times and adverbs, no new subject. */
const ADVERBIAL = /^[\s\d０-９年月日号时点分起于自从至即将已经正式予以被进行近今明后前底初内全面彻底永久暂时并也现再会拟计划]*$/u;
/** "本号提醒…" or "本号获悉…" reports something else; what follows is not about the account. */
const REPORTING = /提醒|提示|获悉|转发|报道|消息|通知|通报|发布/u;

const ENGLISH_ACCOUNT_STATE = new RegExp(
  [
    String.raw`\b(?:this|our)\s+(?:[a-z]+\s+)?(?:account|channel|page|profile|feed|blog)\s+`,
    // up to four auxiliaries and adverbs: "is now", "has been permanently", "will soon be"
    String.raw`(?:(?:is|was|has|have|will|shall|be|been|being|now|permanently|officially|soon|going|to)\s+){1,4}`,
    String.raw`(?:closed|closing|close|discontinued|deactivated|retired|archived|inactive|no\s+longer\s+active|shut(?:ting)?\s+down)\b`,
  ].join(''),
  'giu',
);

const CHINESE_MOVE = /(?:迁移至|迁移到|迁至|转至|转到|移至|并入|整合至|整合到|合并至|合并到)/gu;
const ENGLISH_MOVE = new RegExp(
  [
    String.raw`\b(?:(?:we(?:'ve|\s+have|'re|\s+are)?|this\s+(?:account|channel|page)\s+(?:has|is))\s+)?`,
    String.raw`(?:moved|moving|migrated|migrating|relocated)\s+(?:over\s+)?to\b`,
  ].join(''),
  'giu',
);

/** Where a closed account points its readers; only read once the post is known to be a notice. */
const FOLLOW_CUE =
  /(?:关注|新账号|新帐号|新公众号|新地址)|\b(?:follow|find\s+us|visit|join\s+us|new\s+(?:account|channel|page|home|handle))\b/giu;

/** A move needs a destination that is an account, or it is "活动移至室内" or "moved to Friday". */
const PLATFORM_NAMES = /^\s*(?:mastodon|bluesky|threads|telegram|instagram|facebook|youtube|twitter|tiktok|weibo|wechat|linkedin)\b/iu;

/** Platform words that follow a name outside its quotes; longest first so "微信公众号" wins over "公众号". */
const PLATFORM_WORDS = [
  '微信公众平台',
  '微信公众号',
  '官方微博',
  '新浪微博',
  '官方账号',
  '官方帐号',
  '公众号',
  '订阅号',
  '服务号',
  '视频号',
  '抖音号',
  '头条号',
  '微信号',
  '客户端',
  '官微',
  '微博',
  '账号',
  '帐号',
  '平台',
];
/** Unquoted words that are no name: "迁移至新平台" names nothing. */
const GENERIC_NAMES = /^(?:新|新的|其他|其它|官方|我们的|统一|相关|上级|全新)$/u;

const QUOTES: Readonly<Record<string, string>> = {
  '“': '”',
  '「': '」',
  '『': '』',
  '《': '》',
  '〈': '〉',
  '"': '"',
  "'": "'",
  '‘': '’',
  '＂': '＂',
};
const ASCII_QUOTES = new Set(['"', "'"]);
/** How far after a cue an opening quote may sit ("迁移至新开通的“…”", "follow our new account "…"). */
const QUOTE_REACH = 24;
const HANDLE = /(?<![\p{L}\p{N}_@])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?/u;
const LINK = /https?:\/\/[^\s，。！？、；）)”"'」》<>]+/u;
/** A cue reaches to the end of its sentence (a dot inside "@x.bsky.social" ends none). */
const SENTENCE_END = /[。！？!?；;\n]|[.](?=\s|$)/u;
/** An opening quote must sit in the cue's own clause: "请关注天气变化，“某某”活动…" names nothing. */
const CLAUSE_END = /[。！？!?；;\n，,、]|[.](?=\s|$)/u;

interface Cue {
  phrase: string;
  index: number;
  end: number;
}

/**
 * Reads a closure notice off a post's text, or null when the post is not one.
 *
 * A post is a notice when it says updates stop (停止更新, 不再更新, "no longer updated"), when
 * the account itself is closed (本账号已注销, "this channel is closed"), or when it moves to a
 * named account (迁移至“…”公众号, "moved to @x"). 请关注 / "please follow" alone is ordinary
 * promotion; it only supplies the target of a post already known to be a notice.
 */
export function readClosureNotice(text: string): ClosureNotice | null {
  const closures = [...unambiguousCues(text), ...accountVerbCues(text), ...matches(ENGLISH_ACCOUNT_STATE, text)];
  const moves = [...matches(CHINESE_MOVE, text), ...matches(ENGLISH_MOVE, text)];
  const validMoves = moves.filter((move) => isAccountMove(text, move));
  const announcing = byPosition(closures)[0] ?? byPosition(validMoves)[0];
  if (!announcing) return null;

  const targetCues = [...byPosition(moves), ...byPosition(matches(FOLLOW_CUE, text))];
  for (const cue of targetCues) {
    const target = targetAfter(text, cue.end);
    if (target) return { phrase: announcing.phrase, target };
  }
  return { phrase: announcing.phrase, target: null };
}

function unambiguousCues(text: string): Cue[] {
  return UNAMBIGUOUS.flatMap((pattern) => matches(pattern, text));
}

/** 关停 / 注销 / … whose subject is the account: "本账号已注销", "本号因工作调整，将于近日关停", "注销本账号". */
function accountVerbCues(text: string): Cue[] {
  return matches(ACCOUNT_VERB, text).filter((verb) => {
    if (VERB_THEN_SELF.test(text.slice(verb.end))) return true;
    const sentence = text.slice(sentenceStart(text, verb.index, /[。！？!?；;\n：:】]/u), verb.index);
    const subject = matches(SELF_MENTION, sentence).at(-1);
    if (!subject || !VERB_ENDS_CLAUSE.test(text.slice(verb.end))) return false;
    const [first = '', ...later] = sentence.slice(subject.end).split(/[，,]/u);
    return first.length <= 24 && !REPORTING.test(first) && later.every((clause) => ADVERBIAL.test(clause));
  });
}

/** "本号内容迁移至…" speaks of the account; otherwise the destination must itself be an account. */
function isAccountMove(text: string, move: Cue): boolean {
  const sentence = text.slice(sentenceStart(text, move.index, SENTENCE_END), move.index);
  if (matches(SELF_MENTION, sentence).length > 0) return true;
  const after = text.slice(move.end);
  if (PLATFORM_NAMES.test(after)) return true;
  if (/^\s*(?:a\s+|our\s+)?new\s+(?:account|channel|page|home|handle)\b/iu.test(after)) return true;
  return targetAfter(text, move.end, { accountsOnly: true }) !== null;
}

/**
 * The account named right after a cue: a quoted name, an @handle, a URL, or an unquoted name
 * that a platform word closes ("迁移至南京食药监微信公众号" → "南京食药监").
 */
function targetAfter(text: string, from: number, { accountsOnly = false } = {}): string | null {
  const sentence = text.slice(from, sentenceEnd(text, from));
  const candidates: Array<{ at: number; value: string }> = [];
  const handle = HANDLE.exec(sentence);
  if (handle) candidates.push({ at: handle.index, value: withoutPlatformWord(handle[0]) });
  const url = LINK.exec(sentence);
  if (url) candidates.push({ at: url.index, value: url[0].replace(/[.,;:!?]+$/u, '') });
  const quoted = quotedName(sentence);
  // Without a platform word after it, "迁移至“市民中心”" may as well name a hall as an account.
  if (quoted && (!accountsOnly || startsWithPlatformWord(sentence.slice(quoted.end)))) {
    candidates.push({ at: quoted.at, value: quoted.name });
  }
  return candidates.sort((a, b) => a.at - b.at)[0]?.value ?? unquotedName(sentence);
}

function quotedName(sentence: string): { name: string; at: number; end: number } | null {
  const clause = sentence.slice(0, QUOTE_REACH + 1);
  for (let at = 0; at < clause.length; at++) {
    const open = clause[at] ?? '';
    if (CLAUSE_END.test(open)) return null;
    const close = QUOTES[open];
    // An ASCII quote glued to a word is an apostrophe ("Nanjing's"), not an opening quote.
    if (close === undefined || (ASCII_QUOTES.has(open) && /[\p{L}\p{N}]/u.test(clause[at - 1] ?? ''))) continue;
    const end = sentence.indexOf(close, at + 1);
    const name = end > at ? sentence.slice(at + 1, end).trim() : '';
    return name ? { name, at, end: end + 1 } : null;
  }
  return null;
}

/** A run of name characters directly after the cue, kept only when a platform word ends it. */
function unquotedName(sentence: string): string | null {
  const run = /^[\s:：]*([\p{Script=Han}\p{L}\p{N}_]{1,40})/u.exec(sentence)?.[1] ?? '';
  for (let at = 1; at < run.length; at++) {
    if (!startsWithPlatformWord(run.slice(at))) continue;
    const name = run.slice(0, at).replace(/^(?:我们的|本单位|新开通的|新的)/u, '');
    return name && !GENERIC_NAMES.test(name) ? name : null;
  }
  return null;
}

function startsWithPlatformWord(text: string): boolean {
  return PLATFORM_WORDS.some((word) => text.startsWith(word));
}

function withoutPlatformWord(name: string): string {
  const word = PLATFORM_WORDS.find((candidate) => name.endsWith(candidate) && name.length > candidate.length + 1);
  return word ? name.slice(0, -word.length) : name;
}

/** Index just after the last boundary that ends before `index`. */
function sentenceStart(text: string, index: number, boundary: RegExp): number {
  let start = 0;
  for (const m of text.matchAll(globally(boundary))) {
    const end = m.index + m[0].length;
    if (end > index) break;
    start = end;
  }
  return start;
}

/** Index of the first sentence boundary at or after `from`. */
function sentenceEnd(text: string, from: number): number {
  const boundary = globally(SENTENCE_END);
  boundary.lastIndex = from;
  return boundary.exec(text)?.index ?? text.length;
}

function globally(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
}

function matches(pattern: RegExp, text: string): Cue[] {
  return [...text.matchAll(globally(pattern))].map((m) => ({
    phrase: m[0].replace(/\s+/gu, ' '),
    index: m.index,
    end: m.index + m[0].length,
  }));
}

function byPosition(cues: readonly Cue[]): Cue[] {
  return [...cues].sort((a, b) => a.index - b.index);
}
