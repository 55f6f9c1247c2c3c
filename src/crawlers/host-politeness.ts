import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import type { PolitenessRule } from '../domain/politeness.ts';
import { platformAdapters } from '../platforms/registry.ts';

export interface PolitenessSettings {
  default: PolitenessRule;
  /** Overrides keyed by host as in a URL ("t.me", "127.0.0.1:8080"). */
  hosts: Record<string, PolitenessRule>;
}

/** Call when the request actually leaves; spacing to the host's next request counts from then. */
export type MarkStarted = () => void;

interface HostLane {
  queue: PQueue;
  rule: PolitenessRule;
  /** When the latest request given a slot left (performance.now()), once it has. */
  lastStart: Promise<number>;
}

/** The rules adapters declare for their platforms' own hosts (`AdapterAbout.politeness`). */
const PLATFORM_HOST_RULES: ReadonlyMap<string, PolitenessRule> = new Map(
  platformAdapters.flatMap((adapter) => Object.entries(adapter.about.politeness)),
);

/** The rule for a host: the user's rule for it, else its platform's, else the default. */
export function politenessRule(settings: PolitenessSettings, host: string): PolitenessRule {
  return settings.hosts[host] ?? PLATFORM_HOST_RULES.get(host) ?? settings.default;
}

/**
 * Per-host concurrency and spacing for one process. Each host gets its own queue, so a
 * slow host never holds up requests to the others.
 *
 * Spacing is measured between requests as they leave, not as they are handed to a crawler:
 * a crawler that is starting up, or busy, would otherwise hold several spaced requests and
 * send them together. (p-queue's own `interval` is not used: it counts starts per fixed
 * window, so a task queued just after a burst could start right after the burst's last one.)
 */
export class HostPoliteness {
  private readonly lanes = new Map<string, HostLane>();

  constructor(private readonly settings: PolitenessSettings) {}

  ruleFor(host: string): PolitenessRule {
    return politenessRule(this.settings, host);
  }

  /**
   * Runs `task` when the URL's host has a free slot and its spacing has passed. The task
   * gets a `started` callback to call when its request leaves; if it never calls it, the
   * request counts as started when the task ends.
   */
  schedule<T>(url: string, task: (started: MarkStarted) => Promise<T>): Promise<T> {
    const lane = this.laneFor(new URL(url).host);
    const { rule } = lane;
    const spaced = async () => {
      if (rule.minDelayMs <= 0) return task(() => {});
      // Tasks get their slots in order, so chaining here lines each request up behind the one before.
      const previous = lane.lastStart;
      let markStarted: MarkStarted = () => {};
      lane.lastStart = new Promise<number>((resolve) => (markStarted = () => resolve(performance.now())));
      const wait = (await previous) + rule.minDelayMs - performance.now();
      if (wait > 0) await sleep(wait);
      try {
        return await task(markStarted);
      } finally {
        markStarted();
      }
    };
    return lane.queue.add<T>(spaced, { throwOnTimeout: true });
  }

  private laneFor(host: string): HostLane {
    let lane = this.lanes.get(host);
    if (!lane) {
      const rule = this.ruleFor(host);
      lane = { queue: new PQueue({ concurrency: rule.maxConcurrency }), rule, lastStart: Promise.resolve(-Infinity) };
      this.lanes.set(host, lane);
    }
    return lane;
  }
}
