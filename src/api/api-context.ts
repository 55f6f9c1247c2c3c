import type { Config } from '../config.ts';
import type { JobQueues } from '../jobs/job-queues.ts';
import type { Store } from '../store/database.ts';

/**
 * What the HTTP routes need from the running process: the store, the job queues (for
 * readiness and recrawls) and the configuration.
 */
export interface ApiContext {
  store: Store;
  queues: JobQueues;
  config: Config;
}
