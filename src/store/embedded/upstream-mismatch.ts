import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SleepwatchError } from '../../domain/errors.ts';

/** The package whose private internals this layer replaces (see SessionQueue.install). */
export const SOCKET_PACKAGE = '@electric-sql/pglite-socket';
/** The release of it the layer is written and tested against; package.json pins exactly this one. */
export const SOCKET_VERSION_WRITTEN_FOR = '0.2.17';

/** What an upgraded package no longer has that the layer relies on. */
export interface UpstreamMismatch {
  packageName: string;
  installedVersion: string;
  writtenFor: string;
  /** The member that is gone or changed, as a reader of the package's source would find it. */
  missing: string;
}

/**
 * The installed PGlite packages are not the ones the embedded layer can work with: their
 * internals changed under it. Starting anyway would let connections interleave each other's
 * statements in PGlite's one session, so the embedded database does not start.
 */
export class EmbeddedDatabaseIncompatibleError extends SleepwatchError {
  constructor(readonly mismatch: UpstreamMismatch) {
    const { packageName, installedVersion, writtenFor, missing } = mismatch;
    super(
      `the embedded database cannot start: ${packageName} ${installedVersion} has no ${missing}, which sleepwatch replaces ` +
        `to share PGlite's one session between connections safely. It is written for ${packageName} ${writtenFor}, ` +
        `the version package.json pins: install that one (npm ci), or see src/store/embedded/README.md before upgrading.`,
    );
  }
}

/** The version of an installed package, read from its manifest (which its exports need not expose). */
export function installedVersion(packageName: string): string {
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve(packageName));
  } catch {
    return '(version unknown)';
  }
  for (;;) {
    const manifest = readManifest(path.join(dir, 'package.json'));
    if (manifest?.name === packageName && typeof manifest.version === 'string') return manifest.version;
    const parent = path.dirname(dir);
    if (parent === dir) return '(version unknown)';
    dir = parent;
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
