import type { Dependency, DependencyOutage } from '../domain/dependency.ts';
import { isConnectionError } from './connection-errors.ts';
import { ConnectionWatch } from './connection-watch.ts';
import { logger } from '../logging/logger.ts';
import { ErrorLog, type ErrorLine } from './error-log.ts';

export interface HealthOptions {
  /** Who speaks in the log lines about connections: the process's role (`worker`, `serve` …). */
  role: string;
  /** How long an outage lasts before the alerts hear of it. @defaultValue 60 000 */
  alertAfterMs?: number;
  /** Where log lines go, as text (tests). @defaultValue the process's logger */
  write?: (text: string) => void;
  now?: () => Date;
}

/**
 * A process's view of its own infrastructure (Redis, PostgreSQL) and the one place its
 * background errors are logged: a lost connection is one line when it is lost and one when it
 * is back, whatever number of clients and retries meet it, and any other error is logged once
 * per kind and minute (see ErrorLog), never as a stack trace. The scheduler raises an
 * `infrastructure` alert from the outages seen here (see `evaluateInfrastructure`).
 */
export class InfrastructureHealth {
  private readonly watches: ConnectionWatch[] = [];
  private readonly errors: ErrorLog;
  private readonly listeners = new Set<() => void>();
  private readonly logConnection: (line: string, fields: Record<string, unknown>) => void;

  constructor(private readonly opts: HealthOptions) {
    const { write } = opts;
    // A connection's return is logged at the level of its loss: a log read for warnings tells
    // whether the outage is over.
    this.logConnection = write ? (line) => write(`sleepwatch ${opts.role}: ${line}\n`) : (line, fields) => logger().warn(fields, line);
    this.errors = new ErrorLog(write ?? logError);
  }

  /** Watches a dependency reached at `url` (redacted in every line and alert). */
  watch(dependency: Dependency, url: string): ConnectionWatch {
    const watch = new ConnectionWatch(dependency, url, {
      log: this.logConnection,
      onChange: () => this.listeners.forEach((listener) => listener()),
      alertAfterMs: this.opts.alertAfterMs ?? 60_000,
      now: this.opts.now,
    });
    this.watches.push(watch);
    return watch;
  }

  /**
   * An error met in the background by `part` of the process (`worker`, `scheduler` …). A lost
   * connection goes to the watch of the server it names, or, when it names none, is taken as
   * part of an outage already logged; anything else is logged, boundedly.
   */
  report(part: string, err: unknown): void {
    if (isConnectionError(err)) {
      const watch = this.watches.find((w) => w.concerns(err));
      if (watch) return watch.failed(err);
      if (this.watches.some((w) => w.down)) return;
    }
    // The logger names the process on every line; text lines name it themselves.
    this.errors.report(this.opts.write ? `sleepwatch ${part}` : part, err);
  }

  /** Outages under way, and those ended since the alerts last took them up. */
  outages(): DependencyOutage[] {
    return this.watches.flatMap((w) => w.outages());
  }

  /** The watched dependencies this process reaches now. */
  reachable(): Dependency[] {
    return this.watches.filter((w) => !w.down).map((w) => w.dependency);
  }

  acknowledge(outages: readonly DependencyOutage[]): void {
    for (const w of this.watches) w.acknowledge(outages);
  }

  /** Called whenever an outage starts, reaches the alert threshold, or ends. */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.listeners.clear();
    for (const w of this.watches) w.close();
  }
}

function logError(_line: string, { source, message, repeats }: ErrorLine): void {
  logger().error(
    { event: 'error', part: source, ...(repeats ? { repeats } : {}) },
    repeats ? `${message} (and ${repeats} more like it since)` : message,
  );
}
