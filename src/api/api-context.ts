import type { Config } from '../config.ts';
import type { JobQueues } from '../jobs/job-queues.ts';
import type { SleepwatchMetrics } from '../jobs/metrics.ts';
import type { Store } from '../store/database.ts';

/**
 * What the HTTP routes need from the running process: the store, the job queues (for
 * readiness and recrawls), the configuration, and the metrics it exposes.
 */
export interface ApiContext {
  store: Store;
  queues: JobQueues;
  config: Config;
  /** The process's Prometheus metrics; without them, `/metrics` is not served. */
  metrics?: SleepwatchMetrics;
}
