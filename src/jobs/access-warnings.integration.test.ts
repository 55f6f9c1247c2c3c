import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import type { Account } from '../accounts/account.ts';
import { AccessBook } from '../crawlers/access-settings.ts';
import { importAccounts } from '../store/accounts-repository.ts';
import { accessWarnings } from './access-warnings.ts';

function account(url: string, access?: string): Account {
  return {
    platform: 'telegram',
    url,
    name: null,
    unit: null,
    region: null,
    group: null,
    policy: null,
    intervalMs: 86_400_000,
    timeZone: 'UTC',
    options: {},
    ...(access ? { access } : {}),
  };
}

describe.each(BACKENDS)('access warnings at worker start-up on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
    await importAccounts(
      t.store.db,
      [account('https://t.me/s/a', 'city-office'), account('https://t.me/s/b', 'city-office'), account('https://t.me/s/c', 'overseas')],
      new Date(),
    );
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('names each profile the register uses that the settings do not define, with how many accounts use it', async () => {
    const settings = new AccessBook({}, { overseas: { proxy: 'http://127.0.0.1:3128' } });
    expect(await accessWarnings(t.store.db, settings)).toEqual([
      '2 telegram account(s) name access profile "city-office", which SLEEPWATCH_PLATFORM_SETTINGS does not define: ' +
        'those accounts are observed as unknown until then',
    ]);
  });

  it('says nothing when every profile is defined and no adapter requires a setting', async () => {
    const settings = new AccessBook({}, { overseas: {}, 'city-office': {} });
    expect(await accessWarnings(t.store.db, settings)).toEqual([]);
  });
});
