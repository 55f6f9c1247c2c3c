/**
 * The random sample of a spot check (抽查). It must be reproducible: the same register, seed and
 * check time give the same accounts on every machine, so nothing here touches Math.random and
 * the population is put in id order before anything is drawn.
 */

/** How many accounts to draw: a share of the population or a count. */
export type SampleSize = { percent: number } | { count: number };

/** What a sample may be stratified by (proportional allocation, at least one per non-empty stratum). */
export type Stratum = 'platform' | 'unit' | 'region';
export const STRATA: readonly Stratum[] = ['platform', 'unit', 'region'];

/** What sampling needs of an account. */
export interface Sampleable {
  id: number;
  platform: string;
  unit: string | null;
  region: string | null;
}

/** The key of an account with no unit or region: such accounts form one stratum of their own. */
export const NO_STRATUM = '';

/** Parses `10%`, `2.5%` or `25`; null when the text is neither (the caller names the flag). */
export function parseSampleSize(text: string): SampleSize | null {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (percent) {
    const value = Number(percent[1]);
    return value > 0 && value <= 100 ? { percent: value } : null;
  }
  if (!/^\d+$/.test(text.trim())) return null;
  const count = Number(text);
  return Number.isSafeInteger(count) && count >= 1 ? { count } : null;
}

/**
 * The number of accounts a size asks of a population: a share is rounded half up (10% of 15 is 2)
 * and never below one for a non-empty population; a count larger than the population takes it all.
 */
export function sampleCount(size: SampleSize, population: number): number {
  if (population === 0) return 0;
  const wanted = 'count' in size ? size.count : Math.max(1, Math.floor((population * size.percent) / 100 + 0.5 + 1e-9));
  return Math.min(wanted, population);
}

/**
 * Draws the sample: accounts in id order, shuffled by a PRNG seeded from `seed` (per stratum from
 * seed and stratum key, so adding an account to one stratum leaves the others' draws alone).
 * Returns the drawn accounts in id order.
 */
export function drawSample<A extends Sampleable>(accounts: readonly A[], size: SampleSize, seed: string, by?: Stratum): A[] {
  const ordered = [...accounts].sort((a, b) => a.id - b.id);
  const total = sampleCount(size, ordered.length);
  if (!by) return byId(take(ordered, total, seededRandom(seed)));
  const strata = new Map<string, A[]>();
  for (const account of ordered) {
    const key = account[by] ?? NO_STRATUM;
    strata.set(key, [...(strata.get(key) ?? []), account]);
  }
  const keys = [...strata.keys()].sort();
  const shares = allocate(
    total,
    keys.map((k) => strata.get(k)!.length),
  );
  return byId(keys.flatMap((key, i) => take(strata.get(key)!, shares[i]!, seededRandom(`${seed}\u0000${by}\u0000${key}`))));
}

/**
 * Splits `total` over strata of the given sizes in proportion (largest remainder, ties to the
 * earlier stratum), then raises every empty share to one: a stratum with accounts is never left
 * out, so the sum may exceed `total` when there are more strata than draws. No share exceeds its stratum.
 */
export function allocate(total: number, sizes: readonly number[]): number[] {
  const population = sizes.reduce((sum, n) => sum + n, 0);
  if (population === 0) return sizes.map(() => 0);
  const exact = sizes.map((n) => (total * n) / population);
  const shares = exact.map((x) => Math.floor(x + 1e-9));
  let left = total - shares.reduce((sum, n) => sum + n, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x + 1e-9) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares.map((share, i) => Math.min(sizes[i]!, Math.max(share, sizes[i]! > 0 ? 1 : 0)));
}

/** The first `n` of a Fisher–Yates shuffle of a copy. */
function take<A>(items: readonly A[], n: number, random: () => number): A[] {
  const copy = [...items];
  for (let i = 0; i < Math.min(n, copy.length); i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as A, copy[i] as A];
  }
  return copy.slice(0, n);
}

function byId<A extends Sampleable>(items: A[]): A[] {
  return items.sort((a, b) => a.id - b.id);
}

/**
 * mulberry32 seeded by FNV-1a of the seed text: the well-known small generator the simulated
 * platforms use too (src/fake-platforms/random.ts, which monitoring code may not import).
 */
export function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    state ^= seed.charCodeAt(i);
    state = Math.imul(state, 0x01000193);
  }
  state >>>= 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
