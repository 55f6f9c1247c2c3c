import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { Command } from 'commander';
import { DEFAULT_TIME_ZONE } from '../../accounts/account.ts';
import { renderReason } from '../../activity/render-reason.ts';
import { judge } from '../../activity/status.ts';
import type { Config } from '../../config.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { LIMIT_SETTINGS } from '../../input/input-limits.ts';
import { PLATFORM_IDS } from '../../platforms/platform-ids.ts';
import { cliAction } from '../cli-action.ts';
import { isoInstant, jsonObject } from '../flags.ts';
import { timeZoneFlag } from '../time-zone-flag.ts';

interface ParseFlags {
  judge?: boolean;
  policy?: string;
  platform: string;
  url?: string;
  now?: Date;
  timeZone: string;
  options?: Record<string, unknown>;
}

export function parseCommand(config: Config): Command {
  return new Command('parse')
    .description('parse a saved page or API response and print the Observation as JSON (no network)')
    .argument('<file>', 'saved page, feed or API response; - reads standard input')
    .requiredOption('--platform <id>', `platform adapter: ${PLATFORM_IDS.join(', ')}`)
    .option('--url <url>', 'URL the page came from (for links; never fetched)')
    .option('--now <iso>', 'when the page was fetched; relative dates count back from it (default: now)', isoInstant('--now'))
    .option('--time-zone <tz>', 'IANA zone for times shown without an offset', timeZoneFlag('--time-zone'), DEFAULT_TIME_ZONE)
    .option(
      '--options <json>',
      'adapter options as a JSON object, e.g. html selectors',
      jsonObject('--options', { chars: config.limits.optionsChars, setting: LIMIT_SETTINGS.optionsChars }),
    )
    .option('--judge', 'also judge the account as of --now: prints { observation, judgement } with its status and reason')
    .option(
      '--policy <name>',
      `threshold policy for --judge (${config.policies.names().join(', ')}; default: ${config.policies.defaultName})`,
    )
    .action(
      cliAction(async (file: string, flags: ParseFlags) => {
        const { parsePage } = await import('../../platforms/parse-page.ts');
        const body = await readInput(file, config.crawl.limits.maxBytes);
        const url = flags.url ?? (file === '-' ? 'file:///dev/stdin' : pathToFileURL(path.resolve(file)).href);
        const observation = parsePage(flags.platform, body, { url, now: flags.now, timeZone: flags.timeZone, options: flags.options });
        if (!flags.judge) return void process.stdout.write(`${JSON.stringify(observation, null, 2)}\n`);
        if (flags.policy !== undefined && !config.policies.has(flags.policy)) {
          throw new InvalidInputError('invalid flag', [
            { field: '--policy', message: `unknown policy "${flags.policy}"; expected one of ${config.policies.names().join(', ')}` },
          ]);
        }
        const judgement = judge(
          observation,
          flags.now ?? new Date(),
          config.policies.named(flags.policy ?? config.policies.defaultName),
          undefined,
          flags.timeZone,
        );
        // The output names are the README's: `reason` is the text (in SLEEPWATCH_LOCALE), `explanation` the data.
        const { status, daysSilent, silentSince } = judgement;
        const shown = {
          status,
          daysSilent,
          silentSince,
          explanation: judgement.reason,
          reason: renderReason(judgement.reason, config.locale),
        };
        process.stdout.write(`${JSON.stringify({ observation, judgement: shown }, null, 2)}\n`);
      }),
    );
}

/**
 * The whole file or standard input, refused beyond the size the crawler accepts from the
 * network (`SLEEPWATCH_MAX_RESPONSE_BYTES`): a page larger than that would never be read in
 * a check, and stopping at the limit keeps memory bounded whatever is piped in.
 */
async function readInput(file: string, maxBytes: number): Promise<string> {
  const what = file === '-' ? 'standard input' : file;
  const source = file === '-' ? process.stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) break;
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    throw new InvalidInputError(`cannot read ${what}`, [{ field: '<file>', message: (err as Error).message }]);
  } finally {
    if (file !== '-') source.destroy();
  }
  if (size > maxBytes) {
    throw new InvalidInputError(`cannot read ${what}`, [
      { field: '<file>', message: `larger than ${maxBytes} bytes, the limit on a page's size (SLEEPWATCH_MAX_RESPONSE_BYTES)` },
    ]);
  }
  return Buffer.concat(chunks).toString('utf8');
}
