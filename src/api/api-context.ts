import type { Monitor } from '../jobs/monitor.ts';

/**
 * What the HTTP routes need from the running process: the store, the job queues (for
 * readiness) and the configuration. A `Monitor` is one; tests may hand in any other.
 */
export type ApiContext = Pick<Monitor, 'store' | 'queues' | 'config'>;
