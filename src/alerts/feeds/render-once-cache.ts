/**
 * A bounded cache of rendered documents, each valid for one version of what it was rendered
 * from: a request for a key whose entry has another version renders again, and requests that
 * arrive while a rendering is under way share it, so a thousand readers of a feed that just
 * changed cause one rendering, not a thousand.
 *
 * Least recently used entries go first once `maxEntries` is reached, or once the rendered
 * documents together exceed `maxBytes` (a feed may be 100 bytes or 600 KB, so a count alone
 * would bound memory only at its largest). A rendering that fails is forgotten at once, so the
 * next request tries again.
 */
export class RenderOnceCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;

  constructor(private readonly limits: { maxEntries: number; maxBytes?: number; sizeOf?: (value: V) => number } = { maxEntries: 500 }) {}

  /** The entry of `key` rendered at `version`, rendering it with `render` unless it is there or under way. */
  get(key: string, version: string, render: () => Promise<V>): Promise<V> {
    const cached = this.entries.get(key);
    if (cached && cached.version === version) {
      // Deleted and set again: a Map keeps insertion order, so its first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.value;
    }
    if (cached) this.drop(key);
    const entry: Entry<V> = { version, value: render(), bytes: 0 };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = this.limits.sizeOf?.(value) ?? 0;
        this.bytes += entry.bytes;
        this.evict(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.drop(key);
      },
    );
    this.evict(key);
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops the least recently used entries, never `keep` (the one just added), until within the limits. */
  private evict(keep: string): void {
    const { maxEntries, maxBytes = Infinity } = this.limits;
    for (const key of this.entries.keys()) {
      if (this.entries.size <= maxEntries && this.bytes <= maxBytes) return;
      if (key !== keep) this.drop(key);
    }
  }

  private drop(key: string): void {
    this.bytes -= this.entries.get(key)?.bytes ?? 0;
    this.entries.delete(key);
  }
}

interface Entry<V> {
  version: string;
  value: Promise<V>;
  /** Counted once rendered. */
  bytes: number;
}
