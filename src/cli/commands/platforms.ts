import { Command, Option } from 'commander';
import type { AnyPlatformAdapter, FactsRead } from '../../platforms/adapter.ts';
import { cliAction } from '../cli-action.ts';

interface PlatformsFlags {
  format: 'table' | 'json' | 'markdown';
}

/** Facts in the order and words the README's platform table uses. */
const FACT_NAMES: ReadonlyArray<[keyof FactsRead, string]> = [
  ['name', 'name'],
  ['followers', 'followers'],
  ['postsCount', 'posts count'],
  ['lastPost', 'last post'],
];

/** One adapter as `--format json` shows it: its declared facts, unflattened. */
function platformEntry(adapter: AnyPlatformAdapter) {
  const { reads, urlForms, fetchers, requiredSettings, politeness } = adapter.about;
  return { id: adapter.id, title: adapter.title, reads, urlForms, fetchers, requiredSettings, politeness };
}

/** The same entry as a table row: lists joined, one URL form a line. */
function platformRow(adapter: AnyPlatformAdapter) {
  const { reads, urlForms, fetchers, requiredSettings } = adapter.about;
  return {
    id: adapter.id,
    title: adapter.title,
    reads: FACT_NAMES.filter(([key]) => reads[key])
      .map(([, words]) => words)
      .join(', '),
    urlForms: urlForms.join('\n'),
    fetchers: fetchers.join(', '),
    requiredSettings: requiredSettings.length ? requiredSettings.join(', ') : 'none',
  };
}

export function platformsCommand(): Command {
  return new Command('platforms')
    .description('list the supported platforms: what each reads, the account URLs it accepts, its fetcher and required settings')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .action(
      cliAction(async (flags: PlatformsFlags) => {
        // The registry loads every adapter and their parsers: only when this command runs.
        const { platformAdapters } = await import('../../platforms/registry.ts');
        if (flags.format === 'json') {
          process.stdout.write(`${JSON.stringify(platformAdapters.map(platformEntry), null, 2)}\n`);
          return;
        }
        const columns = [
          { key: 'id', header: 'id' },
          { key: 'title', header: 'platform' },
          { key: 'reads', header: 'reads' },
          { key: 'urlForms', header: 'account URLs' },
          { key: 'fetchers', header: 'fetcher' },
          { key: 'requiredSettings', header: 'required settings' },
        ];
        if (flags.format === 'markdown') {
          process.stdout.write(markdownTable(platformAdapters.map(markdownRow), columns));
          return;
        }
        const { formatRows } = await import('../format-rows.ts');
        process.stdout.write(formatRows(platformAdapters.map(platformRow), 'table', columns, { colour: process.stdout.isTTY }));
      }),
    );
}

/** A table row for Markdown: URL forms as code (their `<placeholders>` would read as HTML tags), one a line. */
function markdownRow(adapter: AnyPlatformAdapter) {
  return { ...platformRow(adapter), urlForms: adapter.about.urlForms.map((form) => `\`${form}\``).join('\n') };
}

/** The table as the README carries it: one line a platform, pipes escaped. */
function markdownTable(rows: ReadonlyArray<Record<string, string>>, columns: ReadonlyArray<{ key: string; header: string }>): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |\n`;
  return [
    line(columns.map((c) => c.header)),
    line(columns.map(() => '---')),
    ...rows.map((row) => line(columns.map((c) => cell(row[c.key] ?? '')))),
  ].join('');
}
