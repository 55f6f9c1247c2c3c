import type { Config } from '../config.ts';
import type { Store } from '../store/database.ts';

/** Opens the configured store for one command and always closes it (the embedded one holds a lock). */
export async function withStore<T>(config: Config, body: (store: Store) => Promise<T>): Promise<T> {
  // Loaded here rather than at start-up: help and the commands without a store never need it.
  const { openStore } = await import('../store/database.ts');
  const store = await openStore(config.store);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
