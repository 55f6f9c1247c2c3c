import { Command, Option } from 'commander';
import type { AlertState } from '../../domain/alert.ts';
import type { Config } from '../../config.ts';
import { cliAction } from '../cli-action.ts';
import { withStore } from '../with-store.ts';

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
];

/** `alerts`: the alerts raised so far, newest first, in the configured language (SLEEPWATCH_LOCALE). */
export function alertsCommand(config: Config): Command {
  return new Command('alerts')
    .description('list alerts, newest first')
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
    );
}
