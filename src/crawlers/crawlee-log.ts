import { log, Logger, LogLevel } from '@crawlee/core';
import { logger } from '../logging/logger.ts';

/**
 * Crawlee's own log lines, as records of ours at `debug`: what crawlee reports as an error (a
 * page that failed) is a page outcome, which our crawl lines report already, and its text
 * lines would break a JSON log. At `debug` an operator sees them, URLs scrubbed and without
 * stack traces, like every other line.
 */
class CrawleeToOurLog extends Logger {
  override _log(
    level: LogLevel,
    message: string,
    data?: Record<string, unknown>,
    exception?: unknown,
    opts: { prefix?: string | null } = {},
  ): void {
    const target = logger();
    if (!target.isLevelEnabled('debug')) return;
    const error =
      typeof exception === 'object' && exception !== null && 'message' in exception
        ? String(exception.message).split('\n', 1)[0]
        : undefined;
    target.debug(
      {
        event: 'crawlee',
        crawleeLevel: LogLevel[level],
        ...(opts.prefix ? { source: opts.prefix } : {}),
        ...(data ? { data } : {}),
        ...(error ? { error } : {}),
      },
      message,
    );
  }
}

/** Sends crawlee's log to ours (before any crawler is made: crawlers copy the log's settings). */
export function routeCrawleeLog(): void {
  log.setOptions({ logger: new CrawleeToOurLog({}), level: LogLevel.INFO });
}
