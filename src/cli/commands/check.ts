import { Command, Option } from 'commander';
import { CHECK_CSV_COLUMNS, checkColumns } from '../check-columns.ts';
import { STATUSES, type Status } from '../../domain/account-status.ts';
import type { CheckRow } from '../../check/check-row.ts';
import type { Config } from '../../config.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { cliAction } from '../cli-action.ts';
import { addCrawlFlags, crawlSettings, type CrawlFlags } from '../crawl-flags.ts';
import { EXIT } from '../exit-codes.ts';
import { isoInstant } from '../flags.ts';
import type { OutputFormat } from '../format-rows.ts';
import { addRegisterInput, loadRegister, type RegisterFlags } from '../register-input.ts';

interface CheckFlags extends CrawlFlags, RegisterFlags {
  now?: Date;
  format: OutputFormat;
  failOn?: Status[];
}

export function checkCommand(config: Config): Command {
  const command = addRegisterInput(
    new Command('check').description(
      'check every account in a register file once and print their statuses (no database, queue or server needed)',
    ),
  )
    .option('--now <iso>', 'evaluate as of this time; relative dates such as "3小时前" count back from it', isoInstant('--now'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option(
      '--fail-on <statuses>',
      `exit ${EXIT.statusFound} when any account has one of these statuses (comma-separated: ${STATUSES.join(', ')})`,
      statusList,
    );
  return addCrawlFlags(command).action(
    cliAction(async (file: string, flags: CheckFlags) => {
      const { runCheck } = await import('../../check/run-check.ts');
      const { PageFetcher } = await import('../../crawlers/page-fetcher.ts');
      const { formatRows } = await import('../format-rows.ts');
      const { progressBar } = await import('../progress.ts');
      const settings = crawlSettings(config, flags);
      const accounts = await loadRegister(file, flags, config, settings.policy, 'nothing was fetched');
      const { missingRequiredSettings } = await import('../../crawlers/required-settings.ts');
      const missing = config.crawl.access
        ? missingRequiredSettings(
            config.crawl.access,
            accounts.map((a) => ({ platform: a.platform, profile: a.access })),
          )
        : [];
      if (missing.length > 0) throw new InvalidInputError('platform settings are missing; nothing was fetched', missing);
      const fetcher = new PageFetcher(settings);
      const progress = progressBar(accounts.length);
      let rows: CheckRow[];
      try {
        rows = await runCheck(accounts, fetcher, {
          now: flags.now,
          concurrency: flags.concurrency ?? config.concurrency,
          policies: config.policies,
          locale: config.locale,
          onResult: progress.tick,
        });
      } finally {
        progress.stop();
        await fetcher.close();
      }
      const { statusSummary, withStatusNames, worstFirst } = await import('../status-table.ts');
      rows = worstFirst(rows);
      if (flags.format === 'table') {
        const table = formatRows(withStatusNames(rows, config.locale), 'table', checkColumns(config.locale), {
          colour: process.stdout.isTTY,
        });
        process.stdout.write(`${table}${statusSummary(rows, config.locale)}`);
      } else {
        process.stdout.write(formatRows(rows, flags.format, CHECK_CSV_COLUMNS));
      }
      const failOn = new Set(flags.failOn ?? []);
      return rows.some((r) => failOn.has(r.status)) ? EXIT.statusFound : EXIT.ok;
    }),
  );
}

function statusList(value: string): Status[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !(STATUSES as readonly string[]).includes(n));
  if (bad.length || names.length === 0) {
    throw new InvalidInputError('invalid --fail-on', [
      { field: '--fail-on', message: `expected statuses from ${STATUSES.join(', ')}, got "${value}"` },
    ]);
  }
  return names as Status[];
}
