import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { logMessages } from './log-lines.ts';
import { cliEnv, REPO_ROOT } from './run-cli.ts';

/** Long-running commands start the CLI from source: several seconds each on a small machine. */
const START_MS = 60_000;

/**
 * A long-running `node bin/sleepwatch.mjs ...args` (serve, worker, scheduler) started in the
 * background, its output kept for assertions and failure messages. The environment is
 * cleaned as `runCli` cleans it, then `env` is added.
 */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly args: string[],
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['bin/sleepwatch.mjs', ...args], {
      cwd: REPO_ROOT,
      env: cliEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Resolves once the process says it is up (`queue on ...`), with that line's message (its
   * log is JSON lines: it writes to a pipe).
   */
  async ready(): Promise<string> {
    await waitFor(() => /queue on \w+.*\n/.test(this.stderr) || !this.running, START_MS, `${this.args[0]} to start`);
    const line = /^.*queue on \w+.*$/m.exec(logMessages(this.stderr))?.[0];
    if (!line) throw new Error(`${this.args.join(' ')} did not start:\n${this.stderr}`);
    return line;
  }

  /** Sends `signal` unless the process has already exited, and waits for the exit. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.running) this.child.kill(signal);
    await this.exited;
  }
}

/** Polls `condition` every 200 ms; throws, naming `what`, when it is still false after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}
