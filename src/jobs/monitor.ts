import type { PolicyBook } from '../activity/policies.ts';
import type { AlertSettings } from '../alerts/alert-settings.ts';
import { PageFetcher } from '../crawlers/page-fetcher.ts';
import type { CrawlSettings } from '../crawlers/page-fetcher.ts';
import { openStore, type Store, type StoreSettings } from '../store/database.ts';
import { crawlProcessor } from './crawl-processor.ts';
import { StoreBatcher } from '../store/store-batcher.ts';
import { openJobQueues, type CrawlWorker, type JobQueues, type NotifyWorker, type QueueSettings } from './job-queues.ts';
import { enqueueDueAccounts } from './scheduler.ts';
import { ACCOUNTS_PER_JOB } from './job-types.ts';
import type { AlertEvent } from '../domain/alert.ts';
import { dispatchEvents } from './dispatch-events.ts';
import { evaluateAlerts } from '../alerts/evaluate-alerts.ts';
import type { InfrastructureView } from '../alerts/infrastructure-alerts.ts';
import type { DependencyOutage } from '../domain/dependency.ts';
import { InfrastructureHealth } from './infrastructure-health.ts';
import { notifyProcessor } from './notify-processor.ts';
import { logAlertEvents } from '../alerts/log-alert-events.ts';
import { logger } from '../logging/logger.ts';
import { AccessBook } from '../crawlers/access-settings.ts';
import { accessWarnings } from './access-warnings.ts';
import { SleepwatchMetrics } from './metrics.ts';

/** Deliveries one worker process makes at once: receivers are chat bots with rate limits. */
const NOTIFY_CONCURRENCY = 4;

/** What the monitor reads of the configuration: where its store and queues are, and how it judges and alerts. */
export interface MonitorSettings {
  store: StoreSettings;
  queues: QueueSettings;
  monitor: { leaseMs: number; outageAlertMs: number };
  policies: PolicyBook;
  alerts: AlertSettings;
}

export interface MonitorOptions {
  /** Run the scheduler tick in this process. */
  scheduler: boolean;
  /** Run a crawl worker in this process. */
  worker: boolean;
  /** How often the scheduler looks for due accounts. @defaultValue 5000 */
  tickMs: number;
  /**
   * Accounts the scheduler keeps waiting in the queue at most: a tick tops the backlog up to
   * this, and while more accounts are due it looks again every `refillMs` instead of every
   * `tickMs`, so a large sweep never waits on the clock. @defaultValue 1000
   */
  batchSize: number;
  /** How soon the scheduler looks again while accounts are left over. @defaultValue 250 */
  refillMs?: number;
  /** How often the scheduler brings alerts in line with the store and hands out their events. @defaultValue 10 000 */
  alertTickMs?: number;
  /** Accounts one worker process fetches at once. @defaultValue 20 */
  workerConcurrency: number;
  /** How long a job stays claimed without a heartbeat before another worker takes it over. @defaultValue 30 000 */
  lockDurationMs: number;
  crawl: CrawlSettings;
  /**
   * Where this process counts its crawls, alert events and deliveries, and reads the shared
   * queues and store at scrape time. @defaultValue a registry of the monitor's own
   */
  metrics?: SleepwatchMetrics;
}

/**
 * The long-running side of sleepwatch in one process: the store, the job queues, and
 * optionally the scheduler tick and a crawl worker. `serve` runs both roles; `scheduler` and
 * `worker` run one each, so they can be scaled out on many machines sharing one PostgreSQL
 * (and Redis).
 */
export class Monitor {
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<number>;
  /** The last tick left due accounts behind (its batch was full, or the backlog was). */
  private moreDue = false;
  private worker?: CrawlWorker;
  private notifier?: NotifyWorker;
  private alertTimer?: NodeJS.Timeout;
  private evaluating?: Promise<AlertEvent[]>;
  private dispatching?: Promise<number>;
  private fetcher?: PageFetcher;
  private stopped = false;
  /** Tells the crawl worker to start no more fetches. */
  private readonly stopping = new AbortController();

  private constructor(
    readonly store: Store,
    readonly queues: JobQueues,
    private readonly opts: MonitorOptions,
    readonly config: MonitorSettings,
    /** This process's view of Redis and PostgreSQL, and where its background errors are logged. */
    readonly health: InfrastructureHealth,
    /** This process's Prometheus metrics (`/metrics` of `serve`). */
    readonly metrics: SleepwatchMetrics,
  ) {}

  static async start(config: MonitorSettings, opts: MonitorOptions): Promise<Monitor> {
    // What the process calls itself in its log lines.
    const role = opts.scheduler && opts.worker ? 'serve' : opts.worker ? 'worker' : 'scheduler';
    const health = new InfrastructureHealth({ role, alertAfterMs: config.monitor.outageAlertMs });
    // The embedded database lives in this process (or its owner on this machine): only a server is watched.
    const postgres = config.store.databaseUrl ? health.watch('postgresql', config.store.databaseUrl) : undefined;
    const store = await openStore(config.store, { connections: postgres });
    const queues = openJobQueues(store, config.queues, health);
    const metrics = (opts.metrics ?? new SleepwatchMetrics()).observe(store, queues);
    const monitor = new Monitor(store, queues, opts, config, health, metrics);
    if (opts.worker) {
      // Said once at start-up; each look concerned is then unknown, with the same words.
      for (const warning of await accessWarnings(store.db, opts.crawl.access ?? AccessBook.EMPTY)) {
        logger().warn({ event: 'platform-settings' }, warning);
      }
      monitor.startWorker();
    }
    if (opts.scheduler) monitor.startScheduler();
    return monitor;
  }

  /**
   * One scheduler step now (also what the timer runs); overlapping calls share one step.
   * Resolves to the number of accounts enqueued.
   */
  tickNow(): Promise<number> {
    this.ticking ??= this.topUp().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async topUp(): Promise<number> {
    const { batchSize } = this.opts;
    const started = performance.now();
    const counts = await this.queues.crawl.getJobCounts('wait', 'prioritized');
    const waitingJobs = (counts.wait ?? 0) + (counts.prioritized ?? 0);
    // Counted as full jobs: the backlog may hold a little less than this, never more.
    const room = batchSize - waitingJobs * ACCOUNTS_PER_JOB;
    // Topping up a nearly full backlog would mean many small ticks; wait until half is gone.
    if (room < Math.ceil(batchSize / 2)) {
      logger().debug({ event: 'scheduler-round', queued: 0, waitingJobs, room }, 'scheduler round: the backlog is full enough');
      return 0;
    }
    const enqueued = await enqueueDueAccounts(this.store, this.queues.crawl, {
      now: new Date(),
      batchSize: room,
      leaseMs: this.config.monitor.leaseMs,
    });
    this.moreDue = enqueued === room;
    // A round that found nothing due is the usual idle tick: said only at debug.
    logger()[enqueued > 0 ? 'info' : 'debug'](
      {
        event: 'scheduler-round',
        queued: enqueued,
        moreDue: this.moreDue,
        waitingJobs,
        room,
        durationMs: Math.round(performance.now() - started),
      },
      `scheduler round: ${enqueued} accounts queued${this.moreDue ? ', more are due' : ''}`,
    );
    return enqueued;
  }

  /**
   * One alert step now (also what the alert timer runs): alerts brought in line with the
   * store, then every undelivered event handed to the delivery queue. Resolves to the events recorded.
   *
   * The hand-over waits for the queue: while Redis is down it waits for Redis, and the next
   * evaluations do not wait with it, so an alert about Redis is recorded (and in feeds) at once
   * and delivered to webhooks when Redis is back.
   */
  async evaluateAlertsNow(): Promise<AlertEvent[]> {
    this.evaluating ??= (async () => {
      const { alerts } = this.config;
      let seen: DependencyOutage[] = [];
      // Read when the rule runs, after the evaluation's first statements: they tell whether the store is back.
      const infrastructure = (): InfrastructureView => {
        seen = this.health.outages();
        return { outages: seen, reachable: this.health.reachable(), alertAfterMs: this.config.monitor.outageAlertMs };
      };
      const events = await evaluateAlerts(this.store.db, {
        now: new Date(),
        unreachableAfter: alerts.unreachableAfter,
        reminderMs: alerts.reminderMs,
        infrastructure,
      });
      this.health.acknowledge(seen.filter((o) => o.until !== null));
      logAlertEvents(events);
      this.metrics.recorded(events);
      return events;
    })().finally(() => {
      this.evaluating = undefined;
    });
    const events = await this.evaluating;
    this.dispatching ??= dispatchEvents(this.store.db, this.queues.notify).finally(() => {
      this.dispatching = undefined;
    });
    await this.dispatching;
    return events;
  }

  /**
   * Graceful stop: no new jobs; the fetches under way finished and recorded, the accounts still
   * waiting for one put back with their jobs for another worker; browser closed.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.alertTimer);
    this.health.close();
    await this.ticking?.catch(() => 0);
    await this.evaluating?.catch(() => []);
    await this.dispatching?.catch(() => 0);
    // The worker takes no job once closing, so none is taken only to be put back.
    const closing = this.worker?.close();
    this.stopping.abort();
    await closing;
    await this.notifier?.close();
    await this.fetcher?.close();
    await this.queues.close();
    await this.store.close();
  }

  private startWorker(): void {
    this.fetcher = new PageFetcher(this.opts.crawl);
    this.worker = this.queues.crawlWorker(
      crawlProcessor({
        batcher: new StoreBatcher(this.store),
        pages: this.fetcher,
        hostGate: this.queues.hostGate,
        politeness: this.opts.crawl.politeness,
        policies: this.config.policies,
        accountsAtOnce: this.opts.workerConcurrency,
        stopping: this.stopping.signal,
        metrics: this.metrics,
      }),
      {
        // An account holds a slot only while it is fetched; before and after, it waits on the
        // store's gathered reads and writes, and its job on its slowest account. Jobs for four
        // times the slots keep them busy through that (with twice, slots sat idle; see the README's
        // Performance section), and at least two, so a recrawl finds a job slot free soon.
        concurrency: Math.max(2, Math.ceil((4 * this.opts.workerConcurrency) / ACCOUNTS_PER_JOB)),
        lockDuration: this.opts.lockDurationMs,
        stalledInterval: Math.max(1000, Math.round(this.opts.lockDurationMs / 2)),
      },
    );
    // Job failures are retried by BullMQ; worker errors go to `health` (see openJobQueues).
    this.notifier = this.queues.notifyWorker(
      notifyProcessor({
        store: this.store,
        settings: this.config.alerts,
        userAgent: this.opts.crawl.limits.userAgent,
        metrics: this.metrics,
      }),
      {
        concurrency: NOTIFY_CONCURRENCY,
        lockDuration: this.opts.lockDurationMs,
      },
    );
  }

  private startScheduler(): void {
    const tick = async () => {
      await this.tickNow().catch((err: unknown) => this.health.report('scheduler', err));
      if (this.stopped) return;
      const delay = this.moreDue ? Math.min(this.opts.refillMs ?? 250, this.opts.tickMs) : this.opts.tickMs;
      this.timer = setTimeout(() => void tick(), delay);
    };
    void tick();
    const evaluate = () => void this.evaluateAlertsNow().catch((err: unknown) => this.health.report('alerts', err));
    this.alertTimer = setInterval(evaluate, this.opts.alertTickMs ?? 10_000);
    // An outage that reached the alert threshold, or ended, is told at once, not at the next tick;
    // after the evaluation under way, if any, which may have read the view before the change.
    this.health.onChange(() => void (this.evaluating ?? Promise.resolve()).catch(() => []).then(evaluate));
  }
}
