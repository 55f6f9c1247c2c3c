import type { InputIssue } from '../domain/errors.ts';
import { findPlatform } from '../platforms/registry.ts';
import type { AccessBook, AccessKey } from './access-settings.ts';
import { PLATFORM_SETTINGS_VAR } from './access-settings-file.ts';

/**
 * The settings adapters declare they cannot read without (`about.requiredSettings`) that the
 * access settings lack, one issue per platform and profile: said at start-up, so that an
 * operator learns it before a sweep of accounts observed as `unknown`.
 */
export function missingRequiredSettings(
  book: AccessBook,
  keys: Iterable<AccessKey>,
  requiredOf: (platform: string) => readonly string[] = (platform) => findPlatform(platform)?.about.requiredSettings ?? [],
): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  for (const key of keys) {
    const id = `${key.platform}\u0000${key.profile ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const required = requiredOf(key.platform);
    // An unknown profile is the register's problem, reported where it is named.
    if (required.length === 0 || (key.profile && !book.hasProfile(key.profile))) continue;
    const missing = book.missing(key, required);
    if (missing.length === 0) continue;
    const fields = missing.map((setting) => `platforms.${key.platform}.${setting}`).join(', ');
    issues.push({
      field: PLATFORM_SETTINGS_VAR,
      message: `${key.platform} needs ${fields}${key.profile ? ` (or in profile "${key.profile}")` : ''} to read any account`,
    });
  }
  return issues;
}
