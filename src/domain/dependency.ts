/** What sleepwatch depends on besides the pages it watches. */
export type Dependency = 'redis' | 'postgresql';

export const DEPENDENCY_NAMES: Record<Dependency, string> = { redis: 'Redis', postgresql: 'PostgreSQL' };

/** A time a dependency could not be reached, as one process saw it. */
export interface DependencyOutage {
  dependency: Dependency;
  /** Its URL, password redacted. */
  target: string;
  /** The first error, in a few words (`ECONNREFUSED`). */
  cause: string;
  since: Date;
  /** Null while it lasts. */
  until: Date | null;
}

/**
 * Told about a connection's use by whoever holds it (the store's pool, the queue's Redis
 * client): every error it met, which the observer sorts out, and every success.
 */
export interface ConnectionObserver {
  failed(err: unknown): void;
  connected(): void;
}
