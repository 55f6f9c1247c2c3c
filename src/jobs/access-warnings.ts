import type { Kysely } from 'kysely';
import type { AccessBook, AccessKey } from '../crawlers/access-settings.ts';
import { PLATFORM_SETTINGS_VAR } from '../crawlers/access-settings-file.ts';
import { missingRequiredSettings } from '../crawlers/required-settings.ts';
import { platformIds } from '../platforms/registry.ts';
import type { Schema } from '../store/schema.ts';

/**
 * What a worker cannot fetch as the register asks, said when it starts: platforms that lack
 * the settings their adapter requires, and access profiles accounts name that the settings do
 * not define (the register was imported under other settings). Warnings, not a refusal to
 * start: the other accounts are still watched, and each such look is `unknown`, with the reason.
 */
export async function accessWarnings(db: Kysely<Schema>, access: AccessBook): Promise<string[]> {
  const named = await db
    .selectFrom('accounts')
    .select(['platform', 'access', (eb) => eb.fn.countAll<number>().as('accounts')])
    .where('access', 'is not', null)
    .where('removed_at', 'is', null)
    .groupBy(['platform', 'access'])
    .execute();
  const warnings: string[] = [];
  const keys: AccessKey[] = platformIds.map((platform) => ({ platform }));
  for (const { platform, access: profile, accounts } of named) {
    if (access.hasProfile(profile!)) keys.push({ platform, profile });
    else
      warnings.push(
        `${Number(accounts)} ${platform} account(s) name access profile "${profile}", which ${PLATFORM_SETTINGS_VAR} does not define`,
      );
  }
  for (const issue of missingRequiredSettings(access, keys)) warnings.push(issue.message);
  return warnings.map((w) => `${w}: those accounts are observed as unknown until then`);
}
