import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { REPO_ROOT } from './run-cli.ts';

/**
 * Vitest's global set-up: brings dist/ up to date before any test file runs. The tests that
 * start `bin/sleepwatch.mjs` run the compiled command line, as users do, so a source changed
 * since the last build must be compiled first or they would test the old code. `tsc -b` only
 * compares timestamps when nothing changed (well under a second).
 */
export default function buildCompiled(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
