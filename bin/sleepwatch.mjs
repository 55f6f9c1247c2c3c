#!/usr/bin/env node
// Runs the compiled command line. A clone builds it with `npm ci` (prepare) or scripts/setup.sh.
const entry = new URL('../dist/cli/main.js', import.meta.url);
try {
  await import(entry.href);
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || err.url !== entry.href) throw err;
  process.stderr.write('sleepwatch: not built yet: run `npm run build` (scripts/setup.sh does it)\n');
  process.exit(1);
}
