import { Command, Option } from 'commander';
import type { Config } from '../../config.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { ROLES, type Role } from '../../domain/role.ts';
import { cliAction } from '../cli-action.ts';
import { withStore } from '../with-store.ts';

/** `tokens add | list | revoke`: the API tokens that `serve`'s HTTP API accepts. */
export function tokensCommand(config: Config): Command {
  return new Command('tokens')
    .description("manage API tokens for serve's HTTP API (/api/…, /metrics)")
    .addCommand(addCommand(config).exitOverride().showHelpAfterError())
    .addCommand(listCommand(config).exitOverride().showHelpAfterError())
    .addCommand(revokeCommand(config).exitOverride().showHelpAfterError());
}

interface AddFlags {
  role: Role;
  unit?: string;
  name?: string;
}

function addCommand(config: Config): Command {
  return new Command('add')
    .description('make a token and print it once, as the last line: it is stored only as a hash and cannot be shown again')
    .addOption(
      new Option(
        '--role <role>',
        'viewer reads; operator also acts on accounts and alerts; admin also removes accounts and sets maintenance',
      )
        .choices([...ROLES])
        .makeOptionMandatory(),
    )
    .option('--unit <unit>', "limit the token to one unit's accounts and alerts")
    .option('--name <name>', 'who or what holds the token (shown in `tokens list` and on what it acknowledges)')
    .action(
      cliAction(async (flags: AddFlags) => {
        const unit = textFlag('--unit', flags.unit, config.limits.textChars);
        const name = textFlag('--name', flags.name, config.limits.textChars);
        const { addApiToken } = await import('../../store/api-tokens-repository.ts');
        const { token, record } = await withStore(config, (store) => addApiToken(store.db, { role: flags.role, unit, name }));
        const scope = record.unit === null ? 'every unit' : `unit ${record.unit}`;
        const holder = record.name ? `, for ${record.name}` : '';
        process.stderr.write(`token ${record.id} added: ${record.role}, ${scope}${holder}; keep it now, it is not shown again\n`);
        process.stdout.write(`${token}\n`);
      }),
    );
}

function listCommand(config: Config): Command {
  return new Command('list')
    .description('list the tokens (never the tokens themselves): role, unit, name, last use')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      cliAction(async (flags: { format: 'table' | 'json' }) => {
        const { listApiTokens } = await import('../../store/api-tokens-repository.ts');
        const { formatRows } = await import('../format-rows.ts');
        const tokens = await withStore(config, (store) => listApiTokens(store.db));
        const rows = tokens.map((t) => ({
          id: t.id,
          role: t.role,
          unit: t.unit,
          name: t.name,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        }));
        const columns = ['id', 'role', 'unit', 'name', 'createdAt', 'lastUsedAt', 'revokedAt'].map((key) => ({ key, header: key }));
        process.stdout.write(formatRows(rows, flags.format, columns, { colour: process.stdout.isTTY }));
      }),
    );
}

function revokeCommand(config: Config): Command {
  return new Command('revoke')
    .description('revoke a token: requests carrying it are refused at once')
    .argument('<id>', 'the token id (see `tokens list`)')
    .action(
      cliAction(async (id: string) => {
        if (!/^\d{1,15}$/.test(id))
          throw new InvalidInputError('invalid token id', [{ field: '<id>', message: `expected a number, got "${id}"` }]);
        const { revokeApiToken } = await import('../../store/api-tokens-repository.ts');
        const revoked = await withStore(config, (store) => revokeApiToken(store.db, Number(id), new Date()));
        if (!revoked) throw new InvalidInputError('no such token', [{ field: '<id>', message: `no active token has id ${id}` }]);
        process.stdout.write(`token ${id} revoked\n`);
      }),
    );
}

/** A trimmed text flag, or null when not given. @throws InvalidInputError when empty or too long. */
function textFlag(flag: string, value: string | undefined, maxChars: number): string | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (!text) throw new InvalidInputError(`invalid ${flag}`, [{ field: flag, message: 'must not be empty' }]);
  if (text.length > maxChars)
    throw new InvalidInputError(`invalid ${flag}`, [{ field: flag, message: `longer than ${maxChars} characters` }]);
  return text;
}
