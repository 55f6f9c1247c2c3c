import type { Redis } from 'ioredis';
import type { PolitenessRule } from '../domain/politeness.ts';
import { SLOT_TTL_MS, type GateAttempt, type HostGate } from './host-gate.ts';

/**
 * Claims a slot of a host in one round trip: the first slot that is free or already this
 * holder's (a job retried after its worker died takes its own back at once), then the start
 * of the spacing window. Returns the slot number, or -1 and how long to wait.
 *
 * KEYS[1] slot key prefix, KEYS[2] spacing key; ARGV: holder, slots, slot ttl, spacing ms.
 */
const CLAIM = `
local holder, slots, ttl, spacing = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
for slot = 0, slots - 1 do
  local key = KEYS[1] .. slot
  local held = redis.call('get', key)
  if held == false or held == holder then
    if spacing > 0 and not redis.call('set', KEYS[2], holder, 'PX', spacing, 'NX') then
      return {-1, redis.call('pttl', KEYS[2])}
    end
    redis.call('set', key, holder, 'PX', ttl)
    return {slot, 0}
  end
end
return {-1, -1}`;

/** Deletes a slot only if this holder still has it (an expired slot may belong to someone else now). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** The two scripts as commands of the connection: sent by SHA once loaded, not as text on every job. */
interface GateCommands {
  sleepwatchClaimHostSlot(
    slotPrefix: string,
    spacingKey: string,
    holder: string,
    slots: number,
    ttlMs: number,
    spacingMs: number,
  ): Promise<[number, number]>;
  sleepwatchReleaseHostSlot(slotKey: string, holder: string): Promise<number>;
}

function withGateCommands(redis: Redis): Redis & GateCommands {
  const commands = redis as Redis & Partial<GateCommands>;
  if (!commands.sleepwatchClaimHostSlot) redis.defineCommand('sleepwatchClaimHostSlot', { numberOfKeys: 2, lua: CLAIM });
  if (!commands.sleepwatchReleaseHostSlot) redis.defineCommand('sleepwatchReleaseHostSlot', { numberOfKeys: 1, lua: RELEASE });
  return redis as Redis & GateCommands;
}

/** Host slots as Redis keys with expiry, claimed and released by small server-side scripts. */
export class RedisHostGate implements HostGate {
  private readonly redis: Redis & GateCommands;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    this.redis = withGateCommands(redis);
  }

  async tryAcquire(host: string, rule: PolitenessRule, holder: string): Promise<GateAttempt> {
    const base = `${this.prefix}:host:${host}`;
    const [slot, wait] = await this.redis.sleepwatchClaimHostSlot(
      `${base}:slot:`,
      `${base}:next`,
      holder,
      rule.maxConcurrency,
      SLOT_TTL_MS,
      rule.minDelayMs,
    );
    if (slot >= 0)
      return { ok: true, release: async () => void (await this.redis.sleepwatchReleaseHostSlot(`${base}:slot:${slot}`, holder)) };
    // Spacing: wait for its window; all slots busy: look again after a fraction of a typical fetch.
    return { ok: false, retryInMs: wait > 0 ? wait : Math.max(250, rule.minDelayMs) };
  }
}
