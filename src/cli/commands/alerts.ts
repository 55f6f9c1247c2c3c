import { Command, Option } from 'commander';
import type { AlertState } from '../../domain/alert.ts';
import type { Config } from '../../config.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { cliAction } from '../cli-action.ts';
import { currentUser, idArgument } from '../id-argument.ts';
import { withStore } from '../with-store.ts';
import { muteCommand, mutesCommand, unmuteCommand } from './alert-mutes.ts';

interface AlertsFlags {
  state?: AlertState;
  format: 'table' | 'json';
}

/** What a person scans first; `--format json` has every field (see `AlertRow`). */
const ALERT_COLUMNS = [
  { key: 'id', header: 'id' },
  { key: 'state', header: 'state' },
  { key: 'severity', header: 'severity' },
  { key: 'title', header: 'alert' },
  { key: 'reason', header: 'reason' },
  { key: 'openedAt', header: 'opened' },
  { key: 'resolvedAt', header: 'resolved' },
  { key: 'acknowledgedBy', header: 'acknowledged by' },
];

/** The longest acknowledgement note, as the API takes it. */
const MAX_NOTE_CHARS = 1000;

/**
 * `alerts`: the alerts raised so far, newest first, in the configured language
 * (SLEEPWATCH_LOCALE); `alerts ack`, and the mutes (`mute`, `unmute`, `mutes`).
 * Options of `alerts` itself come before a subcommand, so `alerts mutes --format json` is the list's own.
 */
export function alertsCommand(config: Config): Command {
  return new Command('alerts')
    .description('list alerts, newest first; acknowledge them; mute accounts and groups')
    .enablePositionalOptions()
    .addOption(new Option('--state <state>', 'only open or only resolved alerts').choices(['open', 'resolved']))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      cliAction(async (flags: AlertsFlags) => {
        const { alertRow } = await import('../../alerts/alert-row.ts');
        const { listAlerts } = await import('../../store/alerts-repository.ts');
        const { formatRows } = await import('../format-rows.ts');
        const alerts = await withStore(config, (store) => listAlerts(store.db, flags.state ? { state: flags.state } : {}));
        const rows = alerts.map((alert) => alertRow(alert, config.locale));
        process.stdout.write(formatRows(rows, flags.format, ALERT_COLUMNS, { colour: process.stdout.isTTY }));
      }),
    )
    .addCommand(ackCommand(config).exitOverride().showHelpAfterError())
    .addCommand(muteCommand(config).exitOverride().showHelpAfterError())
    .addCommand(unmuteCommand(config).exitOverride().showHelpAfterError())
    .addCommand(mutesCommand(config).exitOverride().showHelpAfterError());
}

interface AckFlags {
  note?: string;
  by?: string;
}

function ackCommand(config: Config): Command {
  return new Command('ack')
    .description('acknowledge an open alert: no more reminders of it until it gets worse')
    .argument('<id>', 'the alert id (see `alerts`)')
    .option('--note <text>', `why, or what is being done (at most ${MAX_NOTE_CHARS} characters)`)
    .option('--by <name>', 'who acknowledges it (default: your user name on this machine)')
    .action(
      cliAction(async (id: string, flags: AckFlags) => {
        const alertId = idArgument('<id>', id, 'alert');
        const note = flags.note?.trim() || null;
        if (note && note.length > MAX_NOTE_CHARS) {
          throw new InvalidInputError('invalid --note', [{ field: '--note', message: `longer than ${MAX_NOTE_CHARS} characters` }]);
        }
        const by = flags.by?.trim() || currentUser();
        const { acknowledgeAlert } = await import('../../store/alerts-repository.ts');
        const outcome = await withStore(config, (store) => acknowledgeAlert(store.db, alertId, { by, note, unit: null }, new Date()));
        if (outcome.outcome === 'missing')
          throw new InvalidInputError('no such alert', [{ field: '<id>', message: `no alert has id ${id}` }]);
        if (outcome.outcome === 'resolved') {
          throw new InvalidInputError('alert resolved', [{ field: '<id>', message: `alert ${id} is resolved: nothing to acknowledge` }]);
        }
        process.stdout.write(`alert ${alertId} acknowledged by ${by ?? 'an unnamed user'}${note ? `: ${note}` : ''}\n`);
      }),
    );
}
