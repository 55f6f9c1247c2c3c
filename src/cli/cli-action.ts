import { CommanderError } from 'commander';
import { InvalidInputError, SleepwatchError } from '../domain/errors.ts';
import { EXIT } from './exit-codes.ts';

/**
 * Wraps a command's body: its return value becomes the exit code, and errors are printed
 * as one clear message (bad input exits 2 and names what was wrong) rather than a stack.
 */
export function cliAction<A extends unknown[]>(body: (...args: A) => Promise<number | void>) {
  return async (...args: A): Promise<void> => {
    try {
      process.exitCode = (await body(...args)) ?? EXIT.ok;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

export function reportError(err: unknown): number {
  if (err instanceof InvalidInputError) {
    process.stderr.write(`sleepwatch: ${err.message}\n`);
    return EXIT.invalidInput;
  }
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
  if (err instanceof SleepwatchError) {
    process.stderr.write(`sleepwatch: ${err.message}\n`);
    return EXIT.failure;
  }
  process.stderr.write(`sleepwatch: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.failure;
}
