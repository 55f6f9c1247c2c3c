import { Command, Option } from 'commander';
import type { PublicUrl } from '../../api/serve-address.ts';
import type { Config } from '../../config.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { addFeed, listFeeds, removeFeed, type FeedSubscription } from '../../store/subscriptions-repository.ts';
import { cliAction } from '../cli-action.ts';
import { addSubscriptionFlags, describeFilter, filterFromFlags, type SubscriptionFlags } from '../subscription-flags.ts';
import { withStore } from '../with-store.ts';

/** Where a feed is read, in each format `serve` offers it in. */
export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
}

/** The subscriber's URLs of a feed, on the address of `serve` (see `publicUrlFor`). */
export function feedUrls(publicUrl: string, token: string): FeedUrls {
  const url = (format: keyof FeedUrls) => `${publicUrl}/feeds/alerts.${format}?token=${encodeURIComponent(token)}`;
  return { rss: url('rss'), atom: url('atom'), json: url('json') };
}

/** A feed as `feeds add --format json` and `feeds list --format json` print it. */
function feedRow(feed: FeedSubscription, publicUrl: string) {
  return {
    id: feed.id,
    token: feed.token,
    locale: feed.locale,
    filter: feed.filter,
    urls: feedUrls(publicUrl, feed.token),
    createdAt: feed.createdAt.toISOString(),
  };
}

/** `feeds add | list | remove`: alert feeds that feed readers subscribe to by URL. */
export function feedsCommand(config: Config): Command {
  return new Command('feeds')
    .description('manage alert feeds (RSS, Atom, JSON Feed) served by `serve` under /feeds/')
    .addCommand(addCommand(config).exitOverride().showHelpAfterError())
    .addCommand(listCommand(config).exitOverride().showHelpAfterError())
    .addCommand(removeCommand(config).exitOverride().showHelpAfterError());
}

interface AddFlags extends SubscriptionFlags {
  format: 'text' | 'json';
}

function addCommand(config: Config): Command {
  const command = new Command('add').description(
    'create a feed of the alerts the filter selects (no filter: every alert) and print its URLs',
  );
  return addSubscriptionFlags(command, config)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      cliAction(async (flags: AddFlags) => {
        // Validated before the store opens: bad input changes nothing.
        const filter = filterFromFlags(flags);
        const { publicUrlFor } = await import('../../api/serve-address.ts');
        const [feed, publicUrl] = await withStore(config, (store) =>
          Promise.all([addFeed(store.db, { filter, locale: flags.locale }), publicUrlFor(config, store.db)]),
        );
        noteGuessedAddress(publicUrl);
        const row = feedRow(feed, publicUrl.url);
        if (flags.format === 'json') {
          const { createdAt: _createdAt, ...printed } = row;
          process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `feed ${feed.id} added (${describeFilter(filter)}, ${feed.locale})\n` +
            `RSS:       ${row.urls.rss}\n` +
            `Atom:      ${row.urls.atom}\n` +
            `JSON Feed: ${row.urls.json}\n`,
        );
      }),
    );
}

function listCommand(config: Config): Command {
  return new Command('list')
    .description('list the feeds with their filters and URLs (the URLs carry the feed tokens)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      cliAction(async (flags: { format: 'table' | 'json' }) => {
        const { formatRows } = await import('../format-rows.ts');
        const { publicUrlFor } = await import('../../api/serve-address.ts');
        const [feeds, publicUrl] = await withStore(config, (store) => Promise.all([listFeeds(store.db), publicUrlFor(config, store.db)]));
        noteGuessedAddress(publicUrl);
        const rows = feeds.map((feed) => feedRow(feed, publicUrl.url));
        if (flags.format === 'json') {
          process.stdout.write(formatRows(rows, 'json', []));
          return;
        }
        const cells = rows.map((row, i) => ({
          id: row.id,
          filter: describeFilter(feeds[i]!.filter),
          locale: row.locale,
          urls: [row.urls.rss, row.urls.atom, row.urls.json].join('\n'),
        }));
        const columns = ['id', 'filter', 'locale', 'urls'].map((key) => ({ key, header: key }));
        process.stdout.write(formatRows(cells, 'table', columns, { colour: process.stdout.isTTY }));
      }),
    );
}

/** Says on stderr when the printed URLs are a guess, so that output stays clean for scripts. */
function noteGuessedAddress(publicUrl: PublicUrl): void {
  if (publicUrl.note) process.stderr.write(`sleepwatch: note: ${publicUrl.note}\n`);
}

function removeCommand(config: Config): Command {
  return new Command('remove')
    .description('delete a feed: its URLs stop working at once')
    .argument('<id|token>', 'the feed id (see `feeds list`) or its token')
    .action(
      cliAction(async (ref: string) => {
        const removed = await withStore(config, (store) => removeFeed(store.db, ref));
        const byId = /^\d+$/.test(ref);
        if (!removed) {
          // A token is a secret: it is not repeated back, even when wrong.
          throw new InvalidInputError('no such feed', [
            { field: '<id|token>', message: byId ? `no feed has id ${ref}` : 'no feed has that token' },
          ]);
        }
        process.stdout.write(byId ? `feed ${ref} removed\n` : 'the feed with that token was removed\n');
      }),
    );
}
