import { DEPENDENCY_NAMES, type ConnectionObserver, type Dependency, type DependencyOutage } from '../domain/dependency.ts';
import { elapsedText } from '../domain/durations.ts';
import { scrubUrl } from '../logging/scrub-url.ts';
import { connectionCause, endpointOf, errorConcerns, isConnectionError } from './connection-errors.ts';

const DEFAULT_PORTS: Record<Dependency, number> = { redis: 6379, postgresql: 5432 };

export interface WatchOptions {
  /** Writes one log line (without its newline); `fields` are its parts, for a structured log. */
  log: (line: string, fields: Record<string, unknown>) => void;
  /** Called when an outage starts, when it has lasted `alertAfterMs`, and when it ends. */
  onChange?: () => void;
  alertAfterMs: number;
  now?: () => Date;
}

/** Outages ended but not yet taken up by the alerts, kept at most (a flapping link makes many). */
const ENDED_KEPT = 20;

/**
 * One dependency's connection as this process sees it: up, or lost since when and why. The
 * first error of an outage makes one log line ("lost connection to Redis at redis://…
 * (ECONNREFUSED); retrying"), the first success after it another ("reconnected to Redis
 * after 12 s"); what the clients' retries meet in between is known already and says nothing.
 */
export class ConnectionWatch implements ConnectionObserver {
  readonly target: string;
  private readonly endpoint: { host: string; port: number } | undefined;
  private current?: DependencyOutage;
  private ended: DependencyOutage[] = [];
  private alertTimer?: NodeJS.Timeout;

  constructor(
    readonly dependency: Dependency,
    url: string,
    private readonly opts: WatchOptions,
  ) {
    this.target = scrubUrl(url);
    this.endpoint = endpointOf(url, DEFAULT_PORTS[dependency]);
  }

  get down(): boolean {
    return this.current !== undefined;
  }

  /** Whether a socket error names this dependency's host and port. */
  concerns(err: unknown): boolean {
    return this.endpoint !== undefined && errorConcerns(err, this.endpoint);
  }

  failed(err: unknown): void {
    if (this.current || !isConnectionError(err)) return;
    const now = this.now();
    this.current = { dependency: this.dependency, target: this.target, cause: connectionCause(err), since: now, until: null };
    this.opts.log(`lost connection to ${DEPENDENCY_NAMES[this.dependency]} at ${this.target} (${this.current.cause}); retrying`, {
      event: 'connection-lost',
      dependency: this.dependency,
      target: this.target,
      cause: this.current.cause,
    });
    this.alertTimer = setTimeout(() => this.opts.onChange?.(), this.opts.alertAfterMs).unref();
    this.opts.onChange?.();
  }

  connected(): void {
    if (!this.current) return;
    clearTimeout(this.alertTimer);
    const outage = { ...this.current, until: this.now() };
    this.current = undefined;
    this.ended = [...this.ended, outage].slice(-ENDED_KEPT);
    const outageMs = outage.until.getTime() - outage.since.getTime();
    this.opts.log(`reconnected to ${DEPENDENCY_NAMES[this.dependency]} after ${elapsedText(outageMs)}`, {
      event: 'reconnected',
      dependency: this.dependency,
      target: this.target,
      outageMs,
    });
    this.opts.onChange?.();
  }

  /** The outages ended since they were last acknowledged, oldest first, then the one under way. */
  outages(): DependencyOutage[] {
    return this.current ? [...this.ended, this.current] : [...this.ended];
  }

  /** The alerts have taken these ended outages up. */
  acknowledge(outages: readonly DependencyOutage[]): void {
    this.ended = this.ended.filter((o) => !outages.includes(o));
  }

  /** Stops the alert timer (the process is stopping). */
  close(): void {
    clearTimeout(this.alertTimer);
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }
}
