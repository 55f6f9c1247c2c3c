import { Command, Option } from 'commander';
import { shownAccountName } from '../../accounts/account.ts';
import type { Config } from '../../config.ts';
import type { ObservationRow } from '../../store/schema.ts';
import { ACCOUNT_ARGUMENT_HELP, accountArgument } from '../account-argument.ts';
import { cliAction } from '../cli-action.ts';
import { positiveInt } from '../flags.ts';
import { withStore } from '../with-store.ts';
import { observationView } from '../../api/observation-view.ts';

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
        const { enqueueRecrawl, recrawlObservation } = await import('../../jobs/enqueue-recrawl.ts');
        const { formatRows } = await import('../format-rows.ts');
        return withStore(config, async (store) => {
          const account = await accountArgument(store.db, ref);
          const queues = openJobQueues(store, config.queues);
          try {
            const recrawl = await enqueueRecrawl(queues.crawl, account.id);
            if (!flags.wait) {
              const shown = shownAccountName(account.name, account.display_name, account.url);
              process.stdout.write(`queued recrawl ${recrawl.jobId} of account ${account.id} (${shown})\n`);
              return;
            }
            const observation = await recrawlObservation(store.db, queues.crawl, recrawl, { timeoutMs: flags.timeoutSeconds * 1000 });
            const name = shownAccountName(account.name, observation.display_name ?? account.display_name, account.url);
            const out = recrawlResult(account.id, name, account.platform, account.url, observation);
            process.stdout.write(
              flags.format === 'json'
                ? `${JSON.stringify(out, null, 2)}\n`
                : formatRows([out], 'table', TABLE_COLUMNS, { colour: process.stdout.isTTY }),
            );
          } finally {
            await queues.close();
          }
        });
      }),
    );
}

const TABLE_COLUMNS = ['id', 'name', 'status', 'daysSilent', 'lastPostAt', 'followers', 'outcome', 'reason'].map((key) => ({
  key,
  header: key,
}));

function recrawlResult(id: number, name: string, platform: string, url: string, o: ObservationRow) {
  const { status: _status, daysSilent: _daysSilent, reason: _reason, ...fields } = observationView(o);
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
    // The look as the API shows it, less what the row above already says.
    observation: { platform, url, ...fields },
  };
}
