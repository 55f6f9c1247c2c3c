import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: the CLI is started from here, as a user of a fresh clone would. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What one run of the CLI left behind. */
export interface CliRun {
  /** The exit code; null when the process was killed (see `signal`). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Extra environment variables for this run, on top of the cleaned test environment. */
  env?: Record<string, string>;
  /** Written to the CLI's standard input, which is then closed (it is closed empty otherwise). */
  input?: string;
  /** Kill the CLI after this long. @defaultValue 50 000 */
  timeoutMs?: number;
}

/**
 * Runs `node bin/sleepwatch.mjs ...args` as a child process and waits for it to exit.
 *
 * The child inherits the test environment without its `SLEEPWATCH_*`, `DATABASE_URL` and
 * `REDIS_URL` settings, so a
 * developer's shell (say, `SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true`) cannot change what a test
 * proves; only the browser path is kept, since where Chromium lives is the machine's business.
 */
export function runCli(args: readonly string[], opts: RunCliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['bin/sleepwatch.mjs', ...args],
      { cwd: REPO_ROOT, env: cliEnv(opts.env), timeout: opts.timeoutMs ?? 50_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, signal: error?.signal ?? null, stdout, stderr });
      },
    );
    // A CLI may stop reading its input early (one past a size limit does): the rest is not its to take.
    child.stdin?.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
    child.stdin?.end(opts.input ?? '');
  });
}

/** The test environment without our own settings (see `runCli`), plus `extra`. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const ours = key.startsWith('SLEEPWATCH_') || key === 'DATABASE_URL' || key === 'REDIS_URL';
    if (!ours || key === 'SLEEPWATCH_CHROMIUM_PATH') env[key] = value;
  }
  return { ...env, ...extra };
}
