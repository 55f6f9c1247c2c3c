import { Command, Option } from 'commander';
import type { Config } from '../../config.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { cliAction } from '../cli-action.ts';
import { isoInstant } from '../flags.ts';
import { withStore } from '../with-store.ts';

import { DAY_MS } from '../../domain/durations.ts';
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

interface SpotCheckFlags {
  asOf: string;
  sample: string;
  seed?: string;
  by?: 'platform' | 'unit' | 'region';
  format: 'csv' | 'html' | 'md' | 'json';
  output?: string;
}

export function reportCommand(config: Config): Command {
  return new Command('report')
    .description('reports on the register as stored')
    .addCommand(spotCheckCommand(config).exitOverride().showHelpAfterError());
}

function spotCheckCommand(config: Config): Command {
  return new Command('spot-check')
    .description(
      'a spot-check report (抽查通报): a reproducible random sample of the accounts registered at the check time, each judged ' +
        'from its stored history as of then; accounts with no usable look by then are "not determinable", neither passed nor failed',
    )
    .requiredOption(
      '--as-of <time>',
      'the check time: an ISO 8601 time, or a date (YYYY-MM-DD), meaning the end of that day in Asia/Shanghai',
    )
    .option('--sample <size>', 'a share ("10%") or a number of accounts; more than the register takes it all', '10%')
    .option(
      '--seed <seed>',
      'seed of the random draw (default: the --as-of text as given): the same seed, register and time give the same sample',
    )
    .addOption(
      new Option('--by <stratum>', 'stratify: proportional allocation, at least one account per non-empty stratum').choices([
        'platform',
        'unit',
        'region',
      ]),
    )
    .addOption(
      new Option('--format <format>', 'output format (csv: the attachment table, with a BOM)')
        .choices(['csv', 'html', 'md', 'json'])
        .default('md'),
    )
    .option('--output <file>', 'write to this file instead of standard output')
    .action(
      cliAction(async (flags: SpotCheckFlags) => {
        const asOf = checkTime(flags.asOf);
        const { parseSampleSize } = await import('../../reports/sample.ts');
        const size = parseSampleSize(flags.sample);
        if (!size) {
          throw new InvalidInputError('invalid --sample', [
            {
              field: '--sample',
              message: `expected a share from 0% to 100% such as "10%", or a whole number of accounts, got "${flags.sample}"`,
            },
          ]);
        }
        const { spotCheck } = await import('../../reports/spot-check.ts');
        const { renderSpotCheck } = await import('../../reports/render-spot-check.ts');
        const options = { asOf, size, seed: flags.seed ?? flags.asOf, by: flags.by, locale: config.locale };
        const report = await withStore(config, (store) => spotCheck(store.db, config.policies, options));
        const text = renderSpotCheck(report, flags.format);
        if (flags.output === undefined) {
          process.stdout.write(text);
          return;
        }
        const { writeFile } = await import('node:fs/promises');
        await writeFile(flags.output, text).catch((err: NodeJS.ErrnoException) => {
          throw new InvalidInputError(`cannot write ${flags.output}: ${err.code ?? err.message}`, [
            { field: '--output', message: 'give a file in a folder that exists and can be written' },
          ]);
        });
        process.stderr.write(`spot check of ${report.sampleSize} of ${report.scope} accounts written to ${flags.output}\n`);
      }),
    );
}

/** The check time: a full ISO time as given; a bare date is the end of that day in Asia/Shanghai (the register's default zone). */
function checkTime(text: string): Date {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!date) return isoInstant('--as-of')(text);
  const start = isoInstant('--as-of')(`${text}T00:00:00+08:00`);
  // Date.parse rolls 2026-02-31 over into March: a date that does not come back as written is refused.
  if (new Date(start.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10) !== text) {
    throw new InvalidInputError('invalid --as-of', [{ field: '--as-of', message: `no such date: "${text}"` }]);
  }
  return new Date(start.getTime() + DAY_MS - 1);
}
