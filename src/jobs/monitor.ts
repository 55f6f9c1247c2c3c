import type { Config } from '../config.ts';
import { PageFetcher } from '../crawlers/page-fetcher.ts';
import type { CrawlSettings } from '../crawlers/page-fetcher.ts';
import { openStore, type Store } from '../store/database.ts';
import { crawlProcessor } from './crawl-processor.ts';
import { openJobQueues, type CrawlWorker, type JobQueues } from './job-queues.ts';
import { enqueueDueAccounts } from './scheduler.ts';

export interface MonitorOptions {
  /** Run the scheduler tick in this process. */
  scheduler: boolean;
  /** Run a crawl worker in this process. */
  worker: boolean;
  /** How often the scheduler looks for due accounts. @defaultValue 5000 */
  tickMs: number;
  /** Accounts enqueued per tick at most. @defaultValue 1000 */
  batchSize: number;
  /** Jobs one worker process handles at once. @defaultValue 20 */
  workerConcurrency: number;
  /** How long a job stays claimed without a heartbeat before another worker takes it over. @defaultValue 30 000 */
  lockDurationMs: number;
  crawl: CrawlSettings;
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
  private worker?: CrawlWorker;
  private fetcher?: PageFetcher;
  private stopped = false;

  private constructor(
    readonly store: Store,
    readonly queues: JobQueues,
    private readonly opts: MonitorOptions,
  ) {}

  static async start(config: Config, opts: MonitorOptions): Promise<Monitor> {
    const store = await openStore(config.store);
    const queues = openJobQueues(store, config.queues);
    const monitor = new Monitor(store, queues, opts);
    if (opts.worker) monitor.startWorker();
    if (opts.scheduler) monitor.startScheduler();
    return monitor;
  }

  /** One scheduler step now (also what the timer runs); overlapping calls share one step. */
  tickNow(): Promise<number> {
    this.ticking ??= enqueueDueAccounts(this.store, this.queues.crawl, { now: new Date(), batchSize: this.opts.batchSize }).finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  /** Graceful stop: no new jobs, in-flight ones finished (or released to another worker), browser closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking?.catch(() => 0);
    await this.worker?.close();
    await this.fetcher?.close();
    await this.queues.close();
    await this.store.close();
  }

  private startWorker(): void {
    this.fetcher = new PageFetcher(this.opts.crawl);
    this.worker = this.queues.crawlWorker(
      crawlProcessor({ store: this.store, pages: this.fetcher, hostGate: this.queues.hostGate, politeness: this.opts.crawl.politeness }),
      {
      concurrency: this.opts.workerConcurrency,
      lockDuration: this.opts.lockDurationMs,
        stalledInterval: Math.max(1000, Math.round(this.opts.lockDurationMs / 2)),
      },
    );
    // Job failures are retried by BullMQ and recorded as observations; a worker error is logged.
    this.worker.on('error', (err) => process.stderr.write(`sleepwatch worker: ${err.message}\n`));
  }

  private startScheduler(): void {
    const tick = () =>
      void this.tickNow().catch((err: Error) => process.stderr.write(`sleepwatch scheduler: ${err.message}\n`));
    tick();
    this.timer = setInterval(tick, this.opts.tickMs);
  }
}
