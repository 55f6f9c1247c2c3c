/**
 * A bounded cache of rendered documents, each valid for one version of what it was rendered
 * from: a request for a key whose entry has another version renders again, and requests that
 * arrive while a rendering is under way share it, so a thousand readers of a feed that just
 * changed cause one rendering, not a thousand.
 *
 * Least recently used entries go first once `maxEntries` is reached. A rendering that fails is
 * forgotten at once, so the next request tries again.
 */
export class RenderOnceCache<V> {
  private readonly entries = new Map<string, { version: string; value: Promise<V> }>();

  constructor(private readonly maxEntries = 500) {}

  /** The entry of `key` rendered at `version`, rendering it with `render` unless it is there or under way. */
  get(key: string, version: string, render: () => Promise<V>): Promise<V> {
    const cached = this.entries.get(key);
    // Deleted and set again: a Map keeps insertion order, so its first key is the least recently used.
    this.entries.delete(key);
    if (cached && cached.version === version) {
      this.entries.set(key, cached);
      return cached.value;
    }
    const entry = { version, value: render() };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }
}
