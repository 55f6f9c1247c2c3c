import { describe, expect, it, vi } from 'vitest';
import { ErrorLog } from './error-log.ts';
import { InfrastructureHealth } from './infrastructure-health.ts';

const refused = (port: number) =>
  Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: 'ECONNREFUSED', address: '127.0.0.1', port });

/** A process's health with a clock the test moves, and the lines it wrote. */
function health(alertAfterMs = 60_000) {
  let now = Date.parse('2026-12-01T08:00:00Z');
  const lines: string[] = [];
  const h = new InfrastructureHealth({ role: 'worker', alertAfterMs, write: (text) => void lines.push(text), now: () => new Date(now) });
  const redis = h.watch('redis', 'redis://:s3cret@127.0.0.1:6390');
  const postgres = h.watch('postgresql', 'postgres://app:s3cret@127.0.0.1:5433/sleepwatch');
  return { h, redis, postgres, lines, advance: (ms: number) => (now += ms) };
}

describe('infrastructure health: a lost connection is told once, and its end once', () => {
  it('logs one line when Redis is lost and one when it is back, however many clients retry meanwhile', () => {
    const { h, redis, lines, advance } = health();
    for (let retry = 0; retry < 50; retry++) {
      redis.failed(refused(6390));
      h.report('worker', refused(6390));
      h.report('notifier', new Error('Connection is closed.'));
      advance(200);
    }
    redis.connected();
    redis.connected();
    expect(lines).toEqual([
      'sleepwatch worker: lost connection to Redis at redis://:***@127.0.0.1:6390 (ECONNREFUSED); retrying\n',
      'sleepwatch worker: reconnected to Redis after 10 s\n',
    ]);
  });

  it('gives a lost connection reported by a client to the dependency whose port it names', () => {
    const { h, redis, postgres } = health();
    h.report('worker', refused(5433));
    expect([redis.down, postgres.down]).toEqual([false, true]);
  });

  it('keeps each outage for the alerts until acknowledged, and calls for them when one starts, passes the threshold and ends', async () => {
    vi.useFakeTimers();
    try {
      const { h, redis, advance } = health(60_000);
      const changes = vi.fn();
      h.onChange(changes);
      redis.failed(refused(6390));
      expect(changes).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(59_000);
      expect(changes).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1_000);
      expect(changes).toHaveBeenCalledTimes(2);
      expect(h.reachable()).toEqual(['postgresql']);
      advance(75_000);
      redis.connected();
      expect(changes).toHaveBeenCalledTimes(3);
      const outages = h.outages();
      expect(outages).toEqual([
        {
          dependency: 'redis',
          target: 'redis://:***@127.0.0.1:6390',
          cause: 'ECONNREFUSED',
          since: new Date('2026-12-01T08:00:00Z'),
          until: new Date('2026-12-01T08:01:15Z'),
        },
      ]);
      h.acknowledge(outages);
      expect(h.outages()).toEqual([]);
      expect(h.reachable()).toEqual(['redis', 'postgresql']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs other errors once per kind and minute, with how many more came, and never a stack trace', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new ErrorLog(
      (line) => void lines.push(line),
      60_000,
      () => now,
    );
    for (let job = 1; job <= 30; job++) {
      const err = new Error(`Missing lock for job scheduled-${job}-1764576000000. moveToFinished`);
      log.report('sleepwatch worker', err);
      now += 1_000;
    }
    log.report('sleepwatch worker', new Error('something else\n    at frame (file.ts:1:1)'));
    now += 60_000;
    log.report('sleepwatch worker', new Error('Missing lock for job scheduled-99-1764576000000. moveToFinished'));
    expect(lines).toEqual([
      'sleepwatch worker: Missing lock for job scheduled-1-1764576000000. moveToFinished\n',
      'sleepwatch worker: something else\n',
      'sleepwatch worker: Missing lock for job scheduled-99-1764576000000. moveToFinished (and 29 more like it since)\n',
    ]);
  });
});
