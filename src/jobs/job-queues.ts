import { Queue, QueueEvents, Worker, createPostgresBackend, type IQueueBackend, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Store } from '../store/database.ts';
import { PreparingQueueClient } from '../store/embedded/index.ts';
import type { HostGate } from './host-gate.ts';
import { InfrastructureHealth } from './infrastructure-health.ts';
import {
  CRAWL_QUEUE,
  NOTIFY_QUEUE,
  type CrawlJobData,
  type CrawlJobResult,
  type NotifyJobData,
  type NotifyJobResult,
} from './job-types.ts';
import { RedisHostGate } from './redis-host-gate.ts';
import { StoreHostGate } from './store-host-gate.ts';

export type CrawlQueue = Queue<CrawlJobData, CrawlJobResult, string, CrawlJobData, CrawlJobResult, string, IQueueBackend, unknown>;
export type CrawlWorker = Worker<CrawlJobData, CrawlJobResult, string, IQueueBackend, never, unknown>;
export type CrawlEvents = QueueEvents<CrawlJobResult, IQueueBackend, unknown>;
export type NotifyQueue = Queue<NotifyJobData, NotifyJobResult, string, NotifyJobData, NotifyJobResult, string, IQueueBackend, unknown>;
export type NotifyWorker = Worker<NotifyJobData, NotifyJobResult, string, IQueueBackend, never, unknown>;

/**
 * Where the queues live: Redis when `REDIS_URL` is set (many workers on many machines), else
 * BullMQ's PostgreSQL backend on the store's own database — the embedded PGlite included, so
 * the default set-up needs nothing but its data folder.
 */
export interface JobQueues {
  readonly backend: 'redis' | 'postgres';
  readonly crawl: CrawlQueue;
  /** Alert deliveries to webhooks and e-mail. */
  readonly notify: NotifyQueue;
  /** Per-host politeness across every worker process, kept beside the queue. */
  readonly hostGate: HostGate;
  crawlWorker(processor: Processor<CrawlJobData, CrawlJobResult>, opts: Omit<WorkerOptions, 'connection'>): CrawlWorker;
  crawlEvents(): CrawlEvents;
  notifyWorker(processor: Processor<NotifyJobData, NotifyJobResult>, opts: Omit<WorkerOptions, 'connection'>): NotifyWorker;
  close(): Promise<void>;
}

export interface QueueSettings {
  /** Redis for the queues; without it, the store's PostgreSQL (or PGlite). */
  redisUrl?: string;
  /** Namespace of the queues, so several installations (or test runs) can share one Redis. @defaultValue 'sleepwatch' */
  prefix?: string;
}

/**
 * Opens the queues. Their errors (a lost connection, a job whose lock was lost with Redis's
 * data) go to `health`, which logs each outage once and other errors boundedly: BullMQ would
 * otherwise print every error of a queue without listeners, stack and all.
 */
export function openJobQueues(store: Store, settings: QueueSettings = {}, health = new InfrastructureHealth({ role: 'queue' })): JobQueues {
  const prefix = settings.prefix ?? 'sleepwatch';
  const queues = settings.redisUrl ? redisQueues(settings.redisUrl, prefix, health) : postgresQueues(store, prefix);
  const reported = <T extends { on(event: 'error', listener: (err: Error) => void): unknown }>(part: string, emitter: T): T => {
    emitter.on('error', (err) => health.report(part, err));
    return emitter;
  };
  reported('queue', queues.crawl);
  reported('queue', queues.notify);
  return {
    ...queues,
    crawlWorker: (processor, opts) => reported('worker', queues.crawlWorker(processor, opts)),
    crawlEvents: () => reported('queue events', queues.crawlEvents()),
    notifyWorker: (processor, opts) => reported('notifier', queues.notifyWorker(processor, opts)),
  };
}

/**
 * Completed jobs each queue keeps. On Redis, the newest thousand of each queue, for inspection:
 * trimming by count is one sorted-set operation there, and it bounds the memory the queue holds
 * at rest. On PostgreSQL:
 * - a crawl job goes as soon as it completes. The observation it recorded is the record, and
 *   on the embedded database BullMQ's finish-and-fetch cost 14 % less once completed jobs no
 *   longer piled up beside the waiting ones (keeping a count was worse still: BullMQ re-reads
 *   and sorts the newest `count` finished jobs on every completion).
 * - a delivery stays an hour: its deterministic id is what makes a second dispatch of the same
 *   alert event harmless, and removal by age deletes an index range.
 */
export const KEEP_COMPLETED = {
  redis: { crawl: { count: 1000 }, notify: { count: 1000 } },
  postgres: { crawl: true, notify: { age: 3600 } },
} as const;

function redisQueues(url: string, prefix: string, health: InfrastructureHealth): JobQueues {
  // BullMQ's workers block on Redis: they need connections that never give up on a command.
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  // This connection speaks for Redis: BullMQ's own (blocking, events) report through the queues.
  const watch = health.watch('redis', url);
  let closing = false;
  connection.on('error', (err: Error) => watch.failed(err));
  connection.on('close', () => closing || watch.failed(new Error('connection closed')));
  connection.on('ready', () => watch.connected());
  const opened: Array<{ close(): Promise<void> }> = [];
  const keep = KEEP_COMPLETED.redis;
  const crawl = new Queue(CRAWL_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: keep.crawl },
  }) as unknown as CrawlQueue;
  const notify = new Queue(NOTIFY_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: keep.notify },
  }) as unknown as NotifyQueue;
  return {
    backend: 'redis',
    crawl,
    notify,
    hostGate: new RedisHostGate(connection, prefix),
    crawlWorker: (processor, opts) =>
      track(opened, new Worker(CRAWL_QUEUE, processor, { ...opts, connection, prefix }) as unknown as CrawlWorker),
    crawlEvents: () => track(opened, new QueueEvents(CRAWL_QUEUE, { connection, prefix }) as unknown as CrawlEvents),
    notifyWorker: (processor, opts) =>
      track(opened, new Worker(NOTIFY_QUEUE, processor, { ...opts, connection, prefix }) as unknown as NotifyWorker),
    close: async () => {
      await Promise.all(opened.map((o) => o.close()));
      await Promise.all([crawl.close(), notify.close()]);
      closing = true;
      connection.disconnect();
    },
  };
}

function postgresQueues(store: Store, prefix: string): JobQueues {
  // BullMQ's tables sit beside ours in `public`: on PGlite another schema broke its bulk insert.
  const connection = {
    connectionString: store.connectionString,
    schema: 'public',
    migrate: true,
    max: 4,
    ...(store.embedded ? { Client: PreparingQueueClient } : {}),
  };
  const opened: Array<{ close(): Promise<void> }> = [];
  const keep = KEEP_COMPLETED.postgres;
  const crawl = new Queue(
    CRAWL_QUEUE,
    { connection, prefix, defaultJobOptions: { removeOnComplete: keep.crawl } },
    createPostgresBackend,
  ) as unknown as CrawlQueue;
  const notify = new Queue(
    NOTIFY_QUEUE,
    { connection, prefix, defaultJobOptions: { removeOnComplete: keep.notify } },
    createPostgresBackend,
  ) as unknown as NotifyQueue;
  return {
    backend: 'postgres',
    crawl,
    notify,
    hostGate: new StoreHostGate(store.db),
    crawlWorker: (processor, opts) =>
      track(opened, new Worker(CRAWL_QUEUE, processor, { ...opts, connection, prefix }, createPostgresBackend) as unknown as CrawlWorker),
    crawlEvents: () => track(opened, new QueueEvents(CRAWL_QUEUE, { connection, prefix }, createPostgresBackend) as unknown as CrawlEvents),
    notifyWorker: (processor, opts) =>
      track(opened, new Worker(NOTIFY_QUEUE, processor, { ...opts, connection, prefix }, createPostgresBackend) as unknown as NotifyWorker),
    close: async () => {
      await Promise.all(opened.map((o) => o.close()));
      await Promise.all([crawl.close(), notify.close()]);
    },
  };
}

function track<T extends { close(): Promise<void> }>(opened: Array<{ close(): Promise<void> }>, item: T): T {
  opened.push(item);
  return item;
}
