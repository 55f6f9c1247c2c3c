/**
 * What the queues leave in Redis once a sweep is over. `used_memory` is server-wide (any other
 * user of the server moves it too), so the keys under the sweep's prefix are also weighed one
 * by one with MEMORY USAGE: the two should agree, and the per-key sum says where the bytes are.
 */
import type { Redis } from 'ioredis';
import { infoNumber } from './server-cpu.ts';
import { scanKeys } from './sweep-backend.ts';

export async function usedMemory(redis: Redis): Promise<number> {
  return infoNumber(await redis.info('memory'), 'used_memory');
}

export interface KeyGroup {
  keys: number;
  bytes: number;
}

/**
 * Bytes held by every key under `prefix`, grouped by what they are: one group for all job
 * hashes (and their locks and logs), one per queue structure (`events`, `completed`, …).
 */
export async function keyBytes(redis: Redis, prefix: string): Promise<{ total: number; groups: Record<string, KeyGroup> }> {
  const keys = await scanKeys(redis, `${prefix}:*`);
  const groups: Record<string, KeyGroup> = {};
  let total = 0;
  for (let i = 0; i < keys.length; i += 200) {
    const batch = keys.slice(i, i + 200);
    const pipeline = redis.pipeline();
    // SAMPLES 0 weighs every element of a collection, not an estimate from a few.
    for (const key of batch) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    const answers = (await pipeline.exec()) ?? [];
    batch.forEach((key, j) => {
      const bytes = Number(answers[j]?.[1] ?? 0);
      const group = groupOf(key.slice(prefix.length + 1));
      const g = (groups[group] ??= { keys: 0, bytes: 0 });
      g.keys++;
      g.bytes += bytes;
      total += bytes;
    });
  }
  return { total, groups };
}

/** "crawl:scheduled-12-1700000000000:lock" → "job hashes"; "crawl:events" → "events". */
function groupOf(rest: string): string {
  const [, name = rest] = rest.split(':');
  return /^(scheduled|recrawl)-/.test(name) ? 'job hashes' : name;
}
