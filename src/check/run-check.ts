import PQueue from 'p-queue';
import type { Account } from '../accounts/account.ts';
import { DEFAULT_POLICY_BOOK, type PolicyBook } from '../activity/policies.ts';
import { renderReason } from '../activity/render-reason.ts';
import { judge } from '../activity/status.ts';
import { observeAccount, planObservation, type PageSource } from '../crawlers/observe-account.ts';
import { requirePlatform } from '../platforms/parse-page.ts';
import type { Locale } from '../domain/locale.ts';
import { checkRow, type CheckRow } from './check-row.ts';

export interface CheckOptions {
  /** Evaluate as of this time, and read relative dates ("3小时前") against it. @defaultValue now */
  now?: Date;
  /** Accounts observed at once. */
  concurrency: number;
  /** Policies the accounts may name or get by group. @defaultValue the built-in policies */
  policies?: PolicyBook;
  /** Language of the reasons. @defaultValue en */
  locale?: Locale;
  /** Called as each account finishes (progress bars). */
  onResult?: (row: CheckRow) => void;
}

/**
 * One-shot check: observe every account and judge it. Needs no store, queue or server.
 * Rows come back in the order of `accounts`.
 */
export async function runCheck(accounts: readonly Account[], source: PageSource, opts: CheckOptions): Promise<CheckRow[]> {
  const clock = () => opts.now ?? new Date();
  const queue = new PQueue({ concurrency: opts.concurrency });
  return Promise.all(
    accounts.map((account) =>
      queue.add(
        async () => {
          const obs = await observeAccount(planObservation(account, requirePlatform(account.platform)), source, clock);
          const judgement = judge(obs, clock(), (opts.policies ?? DEFAULT_POLICY_BOOK).forAccount(account), undefined, account.timeZone);
          const row = checkRow(account, obs, { ...judgement, reasonText: renderReason(judgement.reason, opts.locale ?? 'en') });
          opts.onResult?.(row);
          return row;
        },
        { throwOnTimeout: true },
      ),
    ),
  );
}
