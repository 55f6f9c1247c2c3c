/**
 * Wraps a read so that calls for the same key while one is under way share its answer instead
 * of asking again. A call made after the shared read began may get an answer read a moment
 * before it was made: fine for what a poller reads (it sees the change at its next poll), not
 * for what must see its own writes.
 */
export function singleFlight<V>(read: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const running = new Map<string, Promise<V>>();
  return (key) => {
    const shared = running.get(key);
    if (shared) return shared;
    const started = read(key).finally(() => running.delete(key));
    running.set(key, started);
    return started;
  };
}
