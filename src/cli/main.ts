import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { checkCommand } from './commands/check.ts';
import { demoCommand } from './commands/demo.ts';
import { fakePlatformsCommand } from './commands/fake-platforms.ts';
import { parseCommand } from './commands/parse.ts';
import { reportError } from './cli-action.ts';

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const program = new Command('sleepwatch')
    .description('Watches public accounts and warns before they go silent past the red line.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const command of [checkCommand(config), parseCommand(), demoCommand(config), fakePlatformsCommand()]) {
    program.addCommand(command.exitOverride().showHelpAfterError());
  }
  await program.parseAsync(argv);
  return Number(process.exitCode ?? 0);
}

/** Exits once stdout has flushed: piped output is written asynchronously on some systems. */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv).then(exitAfterFlush, (err) => exitAfterFlush(reportError(err)));
