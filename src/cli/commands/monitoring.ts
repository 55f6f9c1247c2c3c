import { Command } from 'commander';
import type { HttpServer } from '../../api/http-server.ts';
import type { Config } from '../../config.ts';
import { scrubUrl } from '../../logging/scrub-url.ts';
import { cliAction } from '../cli-action.ts';
import { addCrawlFlags, crawlSettings, type CrawlFlags } from '../crawl-flags.ts';
import { nonNegativeInt } from '../flags.ts';
import { untilSignal } from '../until-signal.ts';

interface ServeFlags extends CrawlFlags {
  port?: number;
  host?: string;
}

type Role = 'serve' | 'worker' | 'scheduler';

const DESCRIPTIONS: Record<Role, string> = {
  serve: 'run the scheduler, a crawl worker and the HTTP server (health, readiness, alert feeds and the alerts API) in one process',
  worker: 'run a crawl worker: take due accounts off the queue, observe and record them (scale out: run many)',
  scheduler: 'run the scheduler: enqueue accounts as they fall due (several may run; one acts at a time)',
};

/** `serve`, `worker` and `scheduler`: the same runtime with different roles switched on. */
export function monitoringCommand(config: Config, role: Role): Command {
  const command = new Command(role).description(DESCRIPTIONS[role]);
  if (role === 'serve') {
    command
      .option('--port <n>', 'HTTP port (default: PORT or 8080)', nonNegativeInt('--port', 65_535))
      .option('--host <address>', 'address to listen on (default: SLEEPWATCH_HOST or 127.0.0.1; 0.0.0.0 for every interface)');
  }
  return addCrawlFlags(command).action(
    cliAction(async (flags: ServeFlags) => {
      const { configureLogging } = await import('../../logging/logger.ts');
      const log = configureLogging({ level: config.log.level ?? 'info', format: config.log.format, role });
      const { assertCanListen, startHttpServer } = await import('../../api/http-server.ts');
      const { forgetListeningAddress, recordListeningAddress } = await import('../../api/serve-address.ts');
      const { Monitor } = await import('../../jobs/monitor.ts');
      const listen = { port: flags.port ?? config.port, host: flags.host ?? config.host };
      if (role === 'serve') await assertCanListen(listen);
      const monitor = await Monitor.start(config, {
        scheduler: role !== 'worker',
        worker: role !== 'scheduler',
        tickMs: config.monitor.tickMs,
        batchSize: 1000,
        workerConcurrency: flags.concurrency ?? config.monitor.workerConcurrency,
        lockDurationMs: config.monitor.lockDurationMs,
        crawl: crawlSettings(config, flags),
      });
      let http: HttpServer | undefined;
      try {
        // `/metrics` is served here only: a worker or scheduler counts its own work but does not listen.
        if (role === 'serve') {
          http = await startHttpServer({ store: monitor.store, queues: monitor.queues, config, metrics: monitor.metrics }, listen);
        }
      } catch (err) {
        await monitor.stop();
        throw err;
      }
      if (http) await recordListeningAddress(monitor.store, http.url);
      const store = monitor.store.embedded ? 'embedded' : 'on PostgreSQL';
      log.info(
        {
          event: 'started',
          queue: monitor.queues.backend,
          store: monitor.store.embedded ? 'embedded' : 'postgresql',
          // Which servers, for the operator; their passwords scrubbed.
          ...(config.store.databaseUrl ? { database: scrubUrl(config.store.databaseUrl) } : {}),
          ...(config.queues.redisUrl ? { redis: scrubUrl(config.queues.redisUrl) } : {}),
          ...(http ? { url: http.url, listening: http.description } : {}),
        },
        `queue on ${monitor.queues.backend}, store ${store}${http ? `, listening on ${http.description}` : ''}`,
      );
      const signal = await untilSignal();
      log.info({ event: 'stopping', signal }, `${signal}, finishing in-flight work`);
      if (http) await forgetListeningAddress(monitor.store);
      await http?.close();
      await monitor.stop();
      log.info({ event: 'stopped' }, 'stopped');
    }),
  );
}
