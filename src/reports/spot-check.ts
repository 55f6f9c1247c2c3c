import type { Kysely } from 'kysely';
import type { PolicyBook } from '../activity/policies.ts';
import { renderReason } from '../activity/render-reason.ts';
import { shownAccountName } from '../accounts/account.ts';
import type { Locale } from '../domain/locale.ts';
import type { Schema } from '../store/schema.ts';
import { judgeAsOf, type AsOfJudgement } from './judge-as-of.ts';
import { drawSample, type SampleSize, type Stratum } from './sample.ts';
import { historyAsOf, registeredAsOf, type RegisteredAccount } from './stored-history.ts';
import { CONCLUSION_NAMES, PROBLEM_NAMES, notObservedText, type Conclusion, type Problem } from './spot-check-words.ts';

export interface SpotCheckOptions {
  asOf: Date;
  size: SampleSize;
  seed: string;
  by?: Stratum;
  locale: Locale;
}

/** One sampled account: the attachment table's row, plus the codes behind its words. */
export interface SpotCheckRow {
  index: number;
  accountId: number;
  region: string;
  unit: string;
  name: string;
  platform: string;
  url: string;
  problems: Problem[];
  problemText: string;
  description: string;
  /** Date (YYYY-MM-DD, the account's own) of the newest post at the check time; empty when none is known. */
  lastUpdated: string;
  conclusion: Conclusion;
  conclusionText: string;
  judgement: AsOfJudgement;
}

/**
 * Passed and failed among the accounts that could be judged; `rate` (合格率) is passed over
 * passed + failed, so accounts that cannot be judged neither pass nor fail. Null with none judged.
 */
export interface Tally {
  sampled: number;
  passed: number;
  failed: number;
  notDeterminable: number;
  rate: number | null;
}

export interface SpotCheckReport {
  checkTime: string;
  locale: Locale;
  seed: string;
  stratifiedBy: Stratum | null;
  /** Accounts registered at the check time (closed-by-owner ones aside). */
  scope: number;
  sampleSize: number;
  /** Sampled over scope, 0 with an empty register. */
  sampleShare: number;
  overall: Tally;
  byPlatform: Record<string, Tally>;
  byUnit: Record<string, Tally>;
  byRegion: Record<string, Tally>;
  /** Failed outright (单项否决): silent past the red line at the check time. */
  singleVeto: SpotCheckRow[];
  /** Empty shells, zombies and closure notices naming no successor. */
  otherProblems: SpotCheckRow[];
  rows: SpotCheckRow[];
}

/** Draws the sample from the register at the check time and judges each account from its stored history. */
export async function spotCheck(db: Kysely<Schema>, policies: PolicyBook, options: SpotCheckOptions): Promise<SpotCheckReport> {
  const registered = await registeredAsOf(db, options.asOf);
  const sample = drawSample(registered, options.size, options.seed, options.by);
  const histories = await historyAsOf(
    db,
    sample.map((a) => a.id),
    options.asOf,
  );
  const judged = sample.map((account) => ({ account, judgement: judgeAsOf(account, histories.get(account.id)!, options.asOf, policies) }));
  return buildSpotCheck(registered.length, judged, options);
}

/** The report from judged accounts: pure, so its rules are tested without a store. */
export function buildSpotCheck(
  scope: number,
  judged: ReadonlyArray<{ account: RegisteredAccount; judgement: AsOfJudgement }>,
  options: SpotCheckOptions,
): SpotCheckReport {
  const rows = judged.map(({ account, judgement }, i) => toRow(i + 1, account, judgement, options.locale));
  return {
    checkTime: options.asOf.toISOString(),
    locale: options.locale,
    seed: options.seed,
    stratifiedBy: options.by ?? null,
    scope,
    sampleSize: rows.length,
    sampleShare: scope === 0 ? 0 : rows.length / scope,
    overall: tally(rows),
    byPlatform: tallyBy(rows, (r) => r.platform),
    byUnit: tallyBy(rows, (r) => r.unit),
    byRegion: tallyBy(rows, (r) => r.region),
    singleVeto: rows.filter((r) => r.problems.includes('silent-past-red-line')),
    otherProblems: rows.filter((r) => r.problems.some((p) => p === 'zombie' || p === 'empty' || p === 'closure-without-successor')),
    rows,
  };
}

/** The problems an account shows at the check time. Zombies are silent past the red line too, so also single-veto. */
export function problemsOf(judgement: AsOfJudgement): Problem[] {
  const { status, reason } = judgement;
  if (status === 'unknown') return ['not-determinable'];
  if (status === 'sleeping') return ['silent-past-red-line'];
  if (status === 'zombie') return ['silent-past-red-line', 'zombie'];
  if (status === 'empty') return ['empty'];
  if (reason?.code === 'closure-notice' && reason.target === null) return ['closure-without-successor'];
  return [];
}

/**
 * 不合格 when silent past the red line or an empty shell; not determinable when unknown (it
 * neither passes nor fails); 合格 otherwise. A closure notice naming no successor is listed
 * among the problems but, as the brief's rule stands, does not fail the account.
 */
export function conclusionOf(judgement: AsOfJudgement): Conclusion {
  if (judgement.status === 'unknown') return 'not-determinable';
  return ['sleeping', 'zombie', 'empty'].includes(judgement.status) ? 'fail' : 'pass';
}

function toRow(index: number, account: RegisteredAccount, judgement: AsOfJudgement, locale: Locale): SpotCheckRow {
  const problems = problemsOf(judgement);
  const conclusion = conclusionOf(judgement);
  return {
    index,
    accountId: account.id,
    region: account.region ?? '',
    unit: account.unit ?? '',
    name: shownAccountName(account.name, account.displayName, account.url),
    platform: account.platform,
    url: account.url,
    problems,
    problemText: problems.map((p) => PROBLEM_NAMES[locale][p]).join(locale === 'zh-CN' ? '；' : '; '),
    description: judgement.reason ? renderReason(judgement.reason, locale) : notObservedText(locale),
    lastUpdated: judgement.lastPostAt?.slice(0, 10) ?? '',
    conclusion,
    conclusionText: CONCLUSION_NAMES[locale][conclusion],
    judgement,
  };
}

function tally(rows: readonly SpotCheckRow[]): Tally {
  const passed = rows.filter((r) => r.conclusion === 'pass').length;
  const failed = rows.filter((r) => r.conclusion === 'fail').length;
  return {
    sampled: rows.length,
    passed,
    failed,
    notDeterminable: rows.length - passed - failed,
    rate: passed + failed ? passed / (passed + failed) : null,
  };
}

function tallyBy(rows: readonly SpotCheckRow[], key: (row: SpotCheckRow) => string): Record<string, Tally> {
  const groups = new Map<string, SpotCheckRow[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, tally(groups.get(k)!)]));
}
