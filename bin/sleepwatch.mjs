#!/usr/bin/env node
// Runs the compiled command line (`npm run build`, done by `npm ci` and scripts/setup.sh).
await import('../dist/cli/main.js');
