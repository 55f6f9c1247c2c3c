import type { Redis } from 'ioredis';
import type { PolitenessRule } from '../crawlers/host-politeness.ts';
import { SLOT_TTL_MS, type GateAttempt, type HostGate } from './host-gate.ts';

/** Deletes a slot only if this holder still has it (an expired slot may belong to someone else now). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Claims a slot that is free or already this holder's: a job retried after its worker died
 * takes its own slot back at once instead of waiting for it to expire.
 */
const CLAIM = `local held = redis.call('get', KEYS[1])
if held == false or held == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

/** Host slots as Redis keys: `SET NX PX` claims a slot or the start of the next spacing window. */
export class RedisHostGate implements HostGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async tryAcquire(host: string, rule: PolitenessRule, holder: string): Promise<GateAttempt> {
    const base = `${this.prefix}:host:${host}`;
    for (let slot = 0; slot < rule.maxConcurrency; slot++) {
      const key = `${base}:slot:${slot}`;
      if ((await this.redis.eval(CLAIM, 1, key, holder, SLOT_TTL_MS)) !== 1) continue;
      const release = async () => void (await this.redis.eval(RELEASE, 1, key, holder));
      if (rule.minDelayMs > 0 && (await this.redis.set(`${base}:next`, holder, 'PX', rule.minDelayMs, 'NX')) !== 'OK') {
        await release();
        return { ok: false, retryInMs: Math.max(1, await this.redis.pttl(`${base}:next`)) };
      }
      return { ok: true, release };
    }
    // Every slot is taken: look again after a fraction of a typical fetch.
    return { ok: false, retryInMs: Math.max(250, rule.minDelayMs) };
  }
}
