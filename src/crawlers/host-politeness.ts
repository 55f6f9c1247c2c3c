import PQueue from 'p-queue';

export interface PolitenessRule {
  /** Requests in flight to one host at a time. @defaultValue 2 */
  maxConcurrency: number;
  /** Minimum gap between the starts of two requests to one host, in ms. @defaultValue 500 */
  minDelayMs: number;
}

export interface PolitenessSettings {
  default: PolitenessRule;
  /** Overrides keyed by host as in a URL ("t.me", "127.0.0.1:8080"). */
  hosts: Record<string, PolitenessRule>;
}

/**
 * Per-host concurrency and spacing for one process. Each host gets its own queue, so a
 * slow host never holds up requests to the others.
 */
export class HostPoliteness {
  private readonly queues = new Map<string, PQueue>();

  constructor(private readonly settings: PolitenessSettings) {}

  ruleFor(host: string): PolitenessRule {
    return this.settings.hosts[host] ?? this.settings.default;
  }

  /** Runs `task` when the URL's host has a free slot and its spacing has passed. */
  schedule<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    let queue = this.queues.get(host);
    if (!queue) {
      const rule = this.ruleFor(host);
      queue = new PQueue(
        rule.minDelayMs > 0
          ? { concurrency: rule.maxConcurrency, intervalCap: 1, interval: rule.minDelayMs }
          : { concurrency: rule.maxConcurrency },
      );
      this.queues.set(host, queue);
    }
    return queue.add(task, { throwOnTimeout: true }) as Promise<T>;
  }
}
