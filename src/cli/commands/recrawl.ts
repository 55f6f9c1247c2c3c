import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import { shownAccountName } from '../../accounts/account.ts';
import type { Config } from '../../config.ts';
import { SleepwatchError } from '../../errors.ts';
import { crawlJobId, PRIORITY, type CrawlJobData } from '../../jobs/job-types.ts';
import type { ObservationRow } from '../../store/schema.ts';
import { ACCOUNT_ARGUMENT_HELP, accountArgument } from '../account-argument.ts';
import { cliAction } from '../cli-action.ts';
import { positiveInt } from '../flags.ts';
import { withStore } from '../with-store.ts';

interface RecrawlFlags {
  wait?: boolean;
  format: 'table' | 'json';
  timeoutSeconds: number;
}

export function recrawlCommand(config: Config): Command {
  return new Command('recrawl')
    .description('crawl one account now, ahead of scheduled work (a running serve or worker does the crawl)')
    .argument('<account>', ACCOUNT_ARGUMENT_HELP)
    .option('--wait', 'wait for the crawl and print the new observation and status')
    .addOption(new Option('--format <format>', 'output format with --wait').choices(['table', 'json']).default('table'))
    .option('--timeout-seconds <n>', 'give up waiting after this long', positiveInt('--timeout-seconds', 86_400), 120)
    .action(
      cliAction(async (ref: string, flags: RecrawlFlags) => {
        const { openJobQueues } = await import('../../jobs/job-queues.ts');
        const { CRAWL_JOB_OPTIONS } = await import('../../jobs/scheduler.ts');
        const { observationForRound } = await import('../../store/observations-repository.ts');
        const { formatRows } = await import('../format-rows.ts');
        return withStore(config, async (store) => {
          const account = await accountArgument(store.db, ref);
          const queues = openJobQueues(store, config.queues);
          try {
            const data: CrawlJobData = { accountIds: [account.id], kind: 'recrawl', dueAt: new Date().toISOString() };
            const job = await queues.crawl.add('recrawl', data, { ...CRAWL_JOB_OPTIONS, attempts: 1, jobId: crawlJobId(data), priority: PRIORITY.recrawl });
            if (!flags.wait) {
              process.stdout.write(`queued recrawl ${job.id} of account ${account.id} (${shownAccountName(account.name, account.display_name, account.url)})\n`);
              return;
            }
            // The store says when the round is recorded, on every queue backend alike (queue
            // events on the embedded database arrive seconds late).
            const deadline = Date.now() + flags.timeoutSeconds * 1000;
            let observation = await observationForRound(store.db, account.id, job.id!);
            while (!observation) {
              if (Date.now() > deadline) {
                throw new SleepwatchError(`no worker finished the recrawl within ${flags.timeoutSeconds} s: is \`sleepwatch serve\` or \`sleepwatch worker\` running?`);
              }
              if ((await job.getState()) === 'failed') throw new SleepwatchError(`the recrawl failed: ${(await queues.crawl.getJob(job.id!))?.failedReason ?? 'unknown error'}`);
              await sleep(100);
              observation = await observationForRound(store.db, account.id, job.id!);
            }
            const name = shownAccountName(account.name, observation.display_name ?? account.display_name, account.url);
            const out = recrawlResult(account.id, name, account.platform, account.url, observation);
            process.stdout.write(flags.format === 'json' ? `${JSON.stringify(out, null, 2)}\n` : formatRows([out], 'table', TABLE_COLUMNS, { colour: process.stdout.isTTY }));
          } finally {
            await queues.close();
          }
        });
      }),
    );
}

const TABLE_COLUMNS = ['id', 'name', 'status', 'daysSilent', 'lastPostAt', 'followers', 'outcome', 'reason'].map((key) => ({ key, header: key }));

function recrawlResult(id: number, name: string, platform: string, url: string, o: ObservationRow) {
  return {
    id,
    name,
    platform,
    url,
    status: o.status,
    daysSilent: o.days_silent,
    lastPostAt: o.last_post_at?.toISOString() ?? null,
    followers: o.followers,
    outcome: o.outcome,
    reason: o.reason,
    observation: {
      platform,
      url,
      fetchedAt: o.fetched_at.toISOString(),
      outcome: o.outcome,
      httpStatus: o.http_status,
      displayName: o.display_name,
      followers: o.followers,
      followersApproximate: o.followers_approximate,
      postsCount: o.posts_count,
      lastPostAt: o.last_post_at?.toISOString() ?? null,
      lastPostPrecision: o.last_post_precision,
      lastPostUrl: o.last_post_url,
      lastPostExcerpt: o.last_post_excerpt,
      error: o.error,
    },
  };
}
