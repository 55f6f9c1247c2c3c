import PQueue from 'p-queue';
import type { Account } from '../accounts/account.ts';
import { policyNamed } from '../activity/policies.ts';
import { judge } from '../activity/status.ts';
import { observeAccount, type PageSource } from '../crawlers/observe-account.ts';
import { checkRow, type CheckRow } from './check-row.ts';

export interface CheckOptions {
  /** Evaluate as of this time, and read relative dates ("3小时前") against it. @defaultValue now */
  now?: Date;
  /** Accounts observed at once. */
  concurrency: number;
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
          const obs = await observeAccount(account, source, clock);
          const row = checkRow(account, obs, judge(obs, clock(), policyNamed(account.policy)));
          opts.onResult?.(row);
          return row;
        },
        { throwOnTimeout: true },
      ),
    ),
  );
}
