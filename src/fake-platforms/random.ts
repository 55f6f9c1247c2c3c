/**
 * A tiny seeded random source. The simulated platforms must give the same population and the
 * same pages for the same seed on every machine, so nothing here may touch Math.random.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** FNV-1a over the UTF-16 code units: a stable 32-bit hash of any seed text. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: small, fast and good enough for test data; seeded from any string or number. */
export function seededRandom(seed: string | number): Random {
  let state = hashString(String(seed));
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform number in [min, max). */
export function between(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** Log-uniform number in [min, max): small values as likely per decade as large ones (followers, post counts). */
export function logBetween(random: Random, min: number, max: number): number {
  return Math.exp(between(random, Math.log(min), Math.log(max)));
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list');
  return item;
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Splits `count` into whole shares proportional to `weights` (largest remainder), so a
 * population of 20 still gets its one empty account instead of rounding it away.
 */
export function apportion<K extends string>(count: number, weights: Readonly<Record<K, number>>): Record<K, number> {
  const keys = Object.keys(weights) as K[];
  const total = keys.reduce((sum, k) => sum + weights[k], 0);
  const exact = keys.map((k) => ({ k, share: (count * weights[k]) / total }));
  const result = Object.fromEntries(exact.map(({ k, share }) => [k, Math.floor(share)])) as Record<K, number>;
  let left = count - keys.reduce((sum, k) => sum + result[k], 0);
  const byRemainder = [...exact].sort((a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)));
  for (const { k } of byRemainder) {
    if (left <= 0) break;
    result[k] += 1;
    left -= 1;
  }
  return result;
}

/** A list holding each key as many times as its share, shuffled. */
export function deal<K extends string>(random: Random, shares: Readonly<Record<K, number>>): K[] {
  const list: K[] = [];
  for (const key of Object.keys(shares) as K[]) for (let i = 0; i < shares[key]; i++) list.push(key);
  return shuffle(random, list);
}

/** `length` characters drawn from `alphabet`, the same for the same seed: the opaque ids platforms hand out. */
export function seededChars(seed: string, alphabet: string, length: number): string {
  const random = seededRandom(seed);
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
  return text;
}

/** A stable whole number in [min, min + span) for a seed, from 53 bits of hash: ids that must not collide among thousands. */
export function seededInteger(seed: string, min: number, span: number): number {
  const wide = hashString(seed) * 2 ** 21 + (hashString(`wide:${seed}`) >>> 11);
  return min + (wide % span);
}
