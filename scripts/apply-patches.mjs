#!/usr/bin/env node
// Applies patches/ (see README, Known issues) to the copy of each patched dependency that
// sleepwatch loads, wherever npm installed it. In a clone that is ./node_modules; when
// sleepwatch is installed as a package, npm hoists its dependencies into the installing
// project's node_modules, where `patch-package` run from this folder would not look (it patches
// ./node_modules only, and would fail the install). Fails the install when a patch does not apply.
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const patchesDir = path.join(packageRoot, 'patches');
const requireHere = createRequire(path.join(packageRoot, 'package.json'));

/** Who loads each patched package: its copy is the one resolved from there. */
const LOADED_BY = { '@crawlee/browser-pool': '@crawlee/playwright' };

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** The folder whose node_modules holds the copy of `name` that sleepwatch loads. */
function installRootOf(name) {
  const parent = LOADED_BY[name];
  const from = parent ? createRequire(requireHere.resolve(parent)) : requireHere;
  const entry = from.resolve(name);
  return entry.slice(0, entry.lastIndexOf(`${NODE_MODULES}${name.split('/').join(path.sep)}${path.sep}`));
}

/** `@crawlee+browser-pool+3.18.1.patch` names `@crawlee/browser-pool`. */
function packageNameOf(patchFile) {
  return patchFile.replace(/\+[^+]+\.patch$/, '').replace('+', '/');
}

const { applyPatchesForApp } = requireHere('patch-package/dist/applyPatches');
const patchFiles = readdirSync(patchesDir).filter((f) => f.endsWith('.patch'));
const roots = [...new Set(patchFiles.map((f) => installRootOf(packageNameOf(f))))];
if (roots.length > 1) {
  // patch-package applies a whole folder of patches to one node_modules.
  console.error(`apply-patches: the patched packages are installed under different folders (${roots.join(', ')})`);
  process.exit(1);
}
for (const appPath of roots) {
  // patch-package applies the patches' paths (node_modules/...) from the working directory.
  process.chdir(appPath);
  applyPatchesForApp({
    appPath,
    reverse: false,
    // Read relative to the folder patched.
    patchDir: path.relative(appPath, patchesDir),
    shouldExitWithError: true,
    shouldExitWithWarning: false,
    bestEffort: false,
  });
}
