import { Option, type Command } from 'commander';
import type { Config } from '../config.ts';
import type { CrawlSettings } from '../crawlers/page-fetcher.ts';
import { nonNegativeInt, positiveInt } from './flags.ts';

/** Flags shared by every command that fetches pages. */
export interface CrawlFlags {
  allowPrivateHosts?: boolean;
  concurrency?: number;
  perHostConcurrency?: number;
  perHostDelayMs?: number;
}

export function addCrawlFlags(command: Command): Command {
  return command
    .option('--allow-private-hosts', 'allow fetching loopback, private and link-local addresses (tests, demos, intranet pages)')
    .option('--concurrency <n>', 'pages fetched at once (default: SLEEPWATCH_CONCURRENCY or 20)', positiveInt('--concurrency', 500))
    .addOption(
      new Option('--per-host-concurrency <n>', 'requests in flight to one host (default: SLEEPWATCH_PER_HOST_CONCURRENCY or 2)').argParser(
        positiveInt('--per-host-concurrency', 500),
      ),
    )
    .addOption(
      new Option(
        '--per-host-delay-ms <ms>',
        'minimum gap between requests to one host (default: SLEEPWATCH_PER_HOST_DELAY_MS or 500)',
      ).argParser(nonNegativeInt('--per-host-delay-ms', 600_000)),
    );
}

/** The configured crawl settings with this command's flags applied. */
export function crawlSettings(config: Config, flags: CrawlFlags): CrawlSettings {
  const base = config.crawl;
  const concurrency = flags.concurrency ?? base.httpConcurrency;
  return {
    ...base,
    policy: { allowPrivateHosts: flags.allowPrivateHosts === true || base.policy.allowPrivateHosts },
    httpConcurrency: concurrency,
    politeness: {
      ...base.politeness,
      default: {
        maxConcurrency: flags.perHostConcurrency ?? base.politeness.default.maxConcurrency,
        minDelayMs: flags.perHostDelayMs ?? base.politeness.default.minDelayMs,
      },
    },
  };
}
