import { Command, Option } from 'commander';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { Mute } from '../../store/mutes-repository.ts';
import type { Schema } from '../../store/schema.ts';
import { ACCOUNT_ARGUMENT_HELP } from '../account-argument.ts';
import { cliAction } from '../cli-action.ts';
import { currentUser, idArgument } from '../id-argument.ts';
import { withStore } from '../with-store.ts';

interface MuteFlags {
  account?: string;
  group?: string;
  until: string;
  note?: string;
  format: 'text' | 'json';
}

const MUTE_COLUMNS = ['id', 'accountId', 'accountName', 'group', 'until', 'note', 'createdBy'].map((key) => ({ key, header: key }));

/** `alerts mute`: no alerts for an account or a group until a time (see `evaluateAlerts` for open ones). */
export function muteCommand(config: Config): Command {
  return new Command('mute')
    .description('raise no alerts for an account, or for every account of a group, until a time')
    .option('--account <account>', `the account: ${ACCOUNT_ARGUMENT_HELP}`)
    .option('--group <group>', 'every account of this group')
    .requiredOption('--until <time>', 'a span from now (12h, 7d, 2w) or an ISO time (2026-12-31T18:00+08:00); at most a year')
    .option('--note <text>', 'why (shown in `alerts mutes`)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      cliAction(async (flags: MuteFlags) => {
        const { untilFlag } = await import('../until-flag.ts');
        const { muteUntilIssue } = await import('../../alerts/quiet-rules.ts');
        const now = new Date();
        if ((flags.account === undefined) === (flags.group === undefined)) {
          throw new InvalidInputError('what to mute', [
            { field: flags.account === undefined ? '--account' : '--group', message: 'give --account or --group, one of them' },
          ]);
        }
        const until = untilFlag('--until', flags.until, now);
        const issue = muteUntilIssue(until, now, '--until');
        if (issue) throw new InvalidInputError('invalid --until', [issue]);
        const group = flags.group?.trim();
        if (group === '') throw new InvalidInputError('invalid --group', [{ field: '--group', message: 'must not be empty' }]);
        const note = flags.note?.trim() || null;
        const { addMute, groupHasAccounts } = await import('../../store/mutes-repository.ts');
        const { mute, name } = await withStore(config, async (store) => {
          const account = flags.account === undefined ? null : await accountFlag(store.db, flags.account);
          if (group !== undefined && !(await groupHasAccounts(store.db, group))) {
            throw new InvalidInputError('invalid --group', [{ field: '--group', message: `no registered account is in group "${group}"` }]);
          }
          const added = await addMute(store.db, {
            accountId: account?.id ?? null,
            group: group ?? null,
            until,
            note,
            createdBy: currentUser(),
          });
          return { mute: added, name: account?.name ?? null };
        });
        if (flags.format === 'json') {
          process.stdout.write(`${JSON.stringify(muteRow(mute, name), null, 2)}\n`);
          return;
        }
        const what = mute.group !== null ? `group ${mute.group}` : `account ${mute.accountId}${name ? ` (${name})` : ''}`;
        process.stdout.write(`mute ${mute.id} added: no alerts for ${what} until ${mute.until.toISOString()}\n`);
      }),
    );
}

/** `alerts unmute`: ends a mute now; an account still in trouble gets its alert at the next evaluation. */
export function unmuteCommand(config: Config): Command {
  return new Command('unmute')
    .description('end a mute now')
    .argument('<id>', 'the mute id (see `alerts mutes`)')
    .action(
      cliAction(async (id: string) => {
        const muteId = idArgument('<id>', id, 'mute');
        const { removeMute } = await import('../../store/mutes-repository.ts');
        if (!(await withStore(config, (store) => removeMute(store.db, muteId)))) {
          throw new InvalidInputError('no such mute', [{ field: '<id>', message: `no mute has id ${id}` }]);
        }
        process.stdout.write(`mute ${muteId} ended\n`);
      }),
    );
}

/** `alerts mutes`: the mutes in force (`--all`: ended ones too). */
export function mutesCommand(config: Config): Command {
  return new Command('mutes')
    .description('list the mutes in force')
    .option('--all', 'ended mutes too')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      cliAction(async (flags: { all?: boolean; format: 'table' | 'json' }) => {
        const { listMutes } = await import('../../store/mutes-repository.ts');
        const { formatRows } = await import('../format-rows.ts');
        const rows = await withStore(config, async (store) => {
          const mutes = await listMutes(store.db, { now: flags.all ? null : new Date(), unit: null });
          const ids = mutes.map((m) => m.accountId).filter((a) => a !== null);
          const names = new Map<number, string | null>();
          if (ids.length) {
            const accounts = await store.db.selectFrom('accounts').select(['id', 'name', 'url']).where('id', 'in', ids).execute();
            for (const a of accounts) names.set(Number(a.id), a.name ?? a.url);
          }
          return mutes.map((m) => muteRow(m, m.accountId === null ? null : (names.get(m.accountId) ?? null)));
        });
        process.stdout.write(formatRows(rows, flags.format, MUTE_COLUMNS, { colour: process.stdout.isTTY }));
      }),
    );
}

/** The one account `--account` names. @throws InvalidInputError naming `--account` when none (or several) do. */
async function accountFlag(db: Kysely<Schema>, ref: string) {
  const { accountArgument } = await import('../account-argument.ts');
  try {
    return await accountArgument(db, ref);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    throw new InvalidInputError(
      err.message.split('\n', 1)[0]!,
      err.issues.map((i) => ({ ...i, field: '--account' })),
    );
  }
}

function muteRow(m: Mute, accountName: string | null) {
  return {
    id: m.id,
    accountId: m.accountId,
    accountName,
    group: m.group,
    until: m.until.toISOString(),
    note: m.note,
    createdBy: m.createdBy,
    createdAt: m.createdAt.toISOString(),
  };
}
