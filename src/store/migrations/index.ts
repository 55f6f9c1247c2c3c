import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.ts';
import * as hostSlots from './002-host-slots.ts';
import * as alerts from './003-alerts.ts';
import * as webhookDeliveries from './004-webhook-deliveries.ts';
import * as unnamedAccounts from './005-unnamed-accounts.ts';
import * as roundLeases from './006-round-leases.ts';
import * as followerChecks from './007-follower-checks.ts';
import * as accountAccess from './008-account-access.ts';
import * as apiManagement from './009-api-management.ts';
import * as alertLists from './010-alert-lists.ts';
import * as accountsList from './011-accounts-list.ts';

/** Versioned migrations, in order. A schema change is a new file here and one line below. */
const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-host-slots': hostSlots,
  '003-alerts': alerts,
  '004-webhook-deliveries': webhookDeliveries,
  '005-unnamed-accounts': unnamedAccounts,
  '006-round-leases': roundLeases,
  '007-follower-checks': followerChecks,
  '008-account-access': accountAccess,
  '009-api-management': apiManagement,
  '010-alert-lists': alertLists,
  '011-accounts-list': accountsList,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
