import { Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { accountsCommand } from './commands/accounts.ts';
import { alertsCommand } from './commands/alerts.ts';
import { checkCommand } from './commands/check.ts';
import { demoCommand } from './commands/demo.ts';
import { fakePlatformsCommand } from './commands/fake-platforms.ts';
import { feedsCommand } from './commands/feeds.ts';
import { historyCommand } from './commands/history.ts';
import { importCommand } from './commands/import.ts';
import { monitoringCommand } from './commands/monitoring.ts';
import { recrawlCommand } from './commands/recrawl.ts';
import { reportCommand } from './commands/report.ts';
import { parseCommand } from './commands/parse.ts';
import { platformsCommand } from './commands/platforms.ts';
import { tokensCommand } from './commands/tokens.ts';
import { webhooksCommand } from './commands/webhooks.ts';
import { reportError } from './cli-action.ts';

async function main(argv: string[]): Promise<number> {
  const { config, problem } = configOrDefaults();
  const program = new Command('sleepwatch')
    .description('Watches public accounts and warns before they go silent past the red line.')
    .version('0.1.0')
    .showHelpAfterError()
    // Options after a command's name are that command's, down the tree: `accounts export --format yaml`
    // is export's --format, not the list's (see `accountsCommand`). The program's own are only -V and -h.
    .enablePositionalOptions()
    .exitOverride();
  if (problem) {
    // Help and --version still answer (with the built-in defaults) so the user can learn what to fix;
    // every command refuses to run until the setting is fixed.
    program.hook('preAction', () => {
      throw problem;
    });
    program.addHelpText('afterAll', `\nNote: ${problem.message.replace(/\n\s*/g, '; ')} (commands will not run until this is fixed)`);
  }
  // Every command is defined here, for the help, but each imports what it uses inside its action
  // (`await import`): the crawler, store, queue and HTTP server load only for the command that
  // runs, so help answers at once (tests/cli-startup.test.ts keeps it so).
  const commands = [
    checkCommand(config),
    parseCommand(config),
    platformsCommand(),
    importCommand(config),
    accountsCommand(config),
    historyCommand(config),
    reportCommand(config),
    alertsCommand(config),
    feedsCommand(config),
    webhooksCommand(config),
    tokensCommand(config),
    recrawlCommand(config),
    monitoringCommand(config, 'serve'),
    monitoringCommand(config, 'worker'),
    monitoringCommand(config, 'scheduler'),
    demoCommand(config),
    fakePlatformsCommand(),
  ];
  for (const command of commands) {
    program.addCommand(command.exitOverride().showHelpAfterError());
  }
  await program.parseAsync(argv);
  return Number(process.exitCode ?? 0);
}

/** The configuration, or the built-in defaults and what is wrong with the environment. */
function configOrDefaults(): { config: Config; problem?: InvalidInputError } {
  try {
    return { config: loadConfig() };
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    return { config: loadConfig({}), problem: err };
  }
}

/** Exits once stdout has flushed: piped output is written asynchronously on some systems. */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv).then(exitAfterFlush, (err) => exitAfterFlush(reportError(err)));
