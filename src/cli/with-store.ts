import type { Config } from '../config.ts';
import { openStore, type Store } from '../store/database.ts';

/** Opens the configured store for one command and always closes it (the embedded one holds a lock). */
export async function withStore<T>(config: Config, body: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.store);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
