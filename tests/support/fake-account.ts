import type { FakeAccount } from '../../src/fake-platforms/population.ts';

/** A simulated account with sensible defaults, for tests that need exact control. */
export function fakeAccount(overrides: Partial<FakeAccount> & Pick<FakeAccount, 'key' | 'platform'>): FakeAccount {
  return {
    displayName: `${overrides.key} 发布`,
    followers: 12_345,
    silenceDays: 3.5,
    cadenceDays: 2,
    postCount: 57,
    pinnedOld: false,
    fault: null,
    expectedStatus: 'active',
    ...overrides,
  };
}
