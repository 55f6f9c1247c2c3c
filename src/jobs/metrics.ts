import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sql } from 'kysely';
import { STATUSES } from '../domain/account-status.ts';
import { ALERT_EVENT_TYPES, ALERT_SEVERITIES, type AlertEventType } from '../domain/alert.ts';
import type { Outcome } from '../domain/observation.ts';
import { logger } from '../logging/logger.ts';
import type { Store } from '../store/database.ts';
import type { JobQueues } from './job-queues.ts';

/** The job states `sleepwatch_queue_jobs` counts. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** What became of one delivery attempt. */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed';

const DELIVERY_OUTCOMES: readonly DeliveryOutcome[] = ['delivered', 'retrying', 'failed'];

/**
 * Waiting jobs whose age is read for `sleepwatch_queue_oldest_waiting_age_seconds`, from the
 * head of each list. Prioritized jobs are ordered by priority before age: recrawls go ahead of
 * scheduled work, so the oldest scheduled job sits behind them. A few dozen reach past the
 * recrawls of an ordinary day without reading a whole backlog at every scrape.
 */
const HEAD_JOBS = 25;

/**
 * The Prometheus metrics of one sleepwatch process, on a registry of its own (not prom-client's
 * global one, so that tests and libraries cannot mix theirs in), with Node's process metrics.
 *
 * Two kinds:
 * - counted by this process as it works: crawls, alert events, deliveries. A `worker` or
 *   `scheduler` process counts its own but does not listen; only `serve` answers `/metrics`,
 *   so these cover the work `serve` itself did.
 * - read at scrape time from the stores every process shares (`observe`): the queues, the
 *   accounts by status and the open alerts by severity. These are cluster-wide, whichever
 *   process answers.
 */
export class SleepwatchMetrics {
  readonly registry = new Registry();

  readonly crawls = new Counter({
    name: 'sleepwatch_crawls_total',
    help: 'Looks at an account finished and recorded by this process, by platform and outcome (ok, not_found, blocked, error).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly crawlDuration = new Histogram({
    name: 'sleepwatch_crawl_duration_seconds',
    help: "Time an account's pages took to fetch, by platform (waits for a host's turn and the store not included).",
    labelNames: ['platform'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60],
    registers: [this.registry],
  });

  readonly alertEvents = new Counter({
    name: 'sleepwatch_alert_events_total',
    help: "Alert events this process's evaluation recorded, by type (opened, escalated, reminder, woke-up, resolved).",
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'sleepwatch_deliveries_total',
    help: 'Webhook and e-mail delivery attempts by this process: delivered, retrying (will be tried again), failed (given up).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private observed = false;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Shown at 0 from the start, so that a rate over them is defined before the first event.
    for (const type of ALERT_EVENT_TYPES) this.alertEvents.inc({ type }, 0);
    for (const outcome of DELIVERY_OUTCOMES) this.deliveries.inc({ outcome }, 0);
  }

  /** Counts a finished look at an account. */
  crawled(platform: string, outcome: Outcome, fetchMs: number): void {
    this.crawls.inc({ platform, outcome });
    this.crawlDuration.observe({ platform }, fetchMs / 1000);
  }

  /** Counts the events an alert evaluation recorded. */
  recorded(events: ReadonlyArray<{ type: AlertEventType }>): void {
    for (const event of events) this.alertEvents.inc({ type: event.type });
  }

  delivery(outcome: DeliveryOutcome): void {
    this.deliveries.inc({ outcome });
  }

  /**
   * Adds the gauges read at scrape time from the shared store and queues. Each is read with one
   * cheap query (grouped counts, the queues' own counters and the heads of their waiting lists);
   * one that does not answer is left out of that scrape rather than failing the others, and the
   * outage itself is reported by readiness and the outage alerts.
   */
  observe(store: Store, queues: JobQueues): this {
    if (this.observed) return this;
    this.observed = true;
    const registers = [this.registry];
    const scraped = async <T extends string>(what: string, gauge: Gauge<T>, read: () => Promise<void>) => {
      gauge.reset();
      await read().catch((err: unknown) => {
        gauge.reset();
        logger().debug({ event: 'metrics-unavailable', metric: what, error: (err as Error).message }, `metrics: ${what} unavailable`);
      });
    };

    const queueList = [
      ['crawl', queues.crawl],
      ['notify', queues.notify],
    ] as const;
    new Gauge({
      name: 'sleepwatch_queue_jobs',
      help: 'Jobs in the crawl and notify (delivery) queues, by state.',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        await scraped('queue jobs', this, async () => {
          for (const [name, queue] of queueList) {
            const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'failed');
            for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state === 'waiting' ? 'wait' : state] ?? 0);
          }
        });
      },
    });
    new Gauge({
      name: 'sleepwatch_queue_oldest_waiting_age_seconds',
      help: 'Age of the oldest job waiting to run (waiting or prioritized) in each queue; 0 when none waits.',
      labelNames: ['queue'] as const,
      registers,
      async collect() {
        await scraped('queue age', this, async () => {
          for (const [name, queue] of queueList) {
            const heads = await Promise.all([
              queue.getJobs(['wait'], 0, HEAD_JOBS - 1, true),
              queue.getJobs(['prioritized'], 0, HEAD_JOBS - 1, true),
            ]);
            const oldest = Math.min(...heads.flat().flatMap((job) => (job?.timestamp ? [job.timestamp] : [])));
            this.set({ queue: name }, Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0);
          }
        });
      },
    });
    new Gauge({
      name: 'sleepwatch_accounts',
      help: 'Watched accounts (removed ones left out) by their current status; accounts not yet looked at have none.',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        await scraped('accounts', this, async () => {
          const rows = await store.db
            .selectFrom('account_state as s')
            .innerJoin('accounts as a', 'a.id', 's.account_id')
            .where('a.removed_at', 'is', null)
            .select(['s.status', sql<string>`count(*)`.as('n')])
            .groupBy('s.status')
            .execute();
          for (const status of STATUSES) this.set({ status }, 0);
          for (const row of rows) this.set({ status: row.status }, Number(row.n));
        });
      },
    });
    new Gauge({
      name: 'sleepwatch_open_alerts',
      help: 'Open alerts by severity.',
      labelNames: ['severity'] as const,
      registers,
      async collect() {
        await scraped('open alerts', this, async () => {
          const rows = await store.db
            .selectFrom('alerts')
            .where('state', '=', 'open')
            .select(['severity', sql<string>`count(*)`.as('n')])
            .groupBy('severity')
            .execute();
          for (const severity of ALERT_SEVERITIES) this.set({ severity }, 0);
          for (const row of rows) this.set({ severity: row.severity }, Number(row.n));
        });
      },
    });
    return this;
  }

  /** The exposition, in the text format Prometheus scrapes. */
  async exposition(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
