import type { PolitenessRule } from '../domain/politeness.ts';

export type GateAttempt = { ok: true; release(): Promise<void> } | { ok: false; retryInMs: number };

/**
 * Per-host politeness shared by every worker process: at most `maxConcurrency` crawls of one
 * host at a time and `minDelayMs` between their starts, whichever process runs them. A job
 * that finds its host busy is put back with a delay (not failed), so waiting costs no retry
 * and frees the worker for other hosts. Within a process, HostPoliteness paces each request.
 */
export interface HostGate {
  tryAcquire(host: string, rule: PolitenessRule, holder: string): Promise<GateAttempt>;
}

/**
 * How long a slot outlives a worker that died holding it (its own retried job takes it back
 * at once). Longer than a crawl of one account normally takes, so a slot rarely lapses early.
 */
export const SLOT_TTL_MS = 60_000;
