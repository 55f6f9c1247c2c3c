import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { configureLogging, type LoggingSettings } from './logger.ts';
import { scrubRequestTarget, scrubUrl, scrubUrlsInText } from './scrub-url.ts';

/** A logger writing into an array, as `configureLogging` would set it up for the process. */
function capture(settings: Partial<LoggingSettings> = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = configureLogging({ level: 'info', format: 'json', role: 'worker', destination, ...settings });
  return { log, lines };
}

afterEach(() => {
  // Back to what the rest of the test process would have: warnings only, nowhere visible.
  configureLogging({ level: 'silent', format: 'json', role: 'test' });
});

describe('logger', () => {
  it('writes one JSON object a line, with level names, an ISO time, the role and the fields', () => {
    const { log, lines } = capture();
    log.info({ event: 'crawl', accountId: 7 }, 'crawled account 7');
    log.debug('not at info');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      role: 'worker',
      event: 'crawl',
      accountId: 7,
      msg: 'crawled account 7',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('redacts secret fields, wherever they sit one level down', () => {
    const { log, lines } = capture();
    log.info(
      {
        token: 't0k3n-a',
        secret: 's3cret-b',
        signSecret: 'SEC-c',
        password: 'pw-d',
        cookie: 'sid=e',
        headers: { authorization: 'Bearer f', cookie: 'sid=g' },
        hook: { secret: 's3cret-h', token: 't0k3n-i' },
      },
      'fields',
    );
    for (const secret of ['t0k3n-a', 's3cret-b', 'SEC-c', 'pw-d', 'sid=e', 'Bearer f', 'sid=g', 's3cret-h', 't0k3n-i'])
      expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      token: '[redacted]',
      headers: { authorization: '[redacted]' },
      hook: { secret: '[redacted]' },
    });
  });

  it('scrubs passwords and secret parameters from URLs in fields, in messages and in errors', () => {
    const { log, lines } = capture();
    log.warn(
      { target: 'redis://:pw-a@cache:6379/0', nested: { url: 'https://bot.example/send?access_token=tok-b&x=1' } },
      'lost postgres://app:pw-c@db:5432/sw, retrying',
    );
    log.error({ err: new Error('connect to smtp://mail:pw-d@smtp.example:587 failed\n    at frame (file.ts:1:1)') }, 'delivery failed');
    const text = lines.join('');
    for (const secret of ['pw-a', 'tok-b', 'pw-c', 'pw-d', 'at frame']) expect(text).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      target: 'redis://:***@cache:6379/0',
      nested: { url: 'https://bot.example/send?access_token=***&x=1' },
      msg: 'lost postgres://app:***@db:5432/sw, retrying',
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ err: { type: 'Error', message: 'connect to smtp://mail:***@smtp.example:587 failed' } });
  });

  it('writes readable lines when asked, secrets scrubbed all the same', () => {
    const { log, lines } = capture({ format: 'pretty' });
    log.info({ event: 'started', token: 'tok-a' }, 'queue on redis://:pw-b@cache:6379');
    expect(lines.join('')).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: worker: queue on redis:\/\/:\*\*\*@cache:6379 \{"event":"started","token":"\[redacted\]"\}\n$/,
    );
  });
});

describe('URL scrubbing', () => {
  it('keeps what names the server and hides what opens it', () => {
    expect(scrubUrl('postgres://app:s3cret@db:5432/sleepwatch?sslmode=require&password=other')).toBe(
      'postgres://app:***@db:5432/sleepwatch?sslmode=require&password=***',
    );
    expect(scrubUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***',
    );
    expect(scrubUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('finds URLs in text, leaving the punctuation around them', () => {
    expect(scrubUrlsInText('failed (redis://:pw@h:1), then https://u:pw@h/p.')).toBe('failed (redis://:***@h:1), then https://u:***@h/p.');
    expect(scrubUrlsInText('see http://example.org for more')).toBe('see http://example.org for more');
  });

  it('scrubs a request target, path and query', () => {
    expect(scrubRequestTarget('/feeds/alerts.rss?token=abc&status=sleeping')).toBe('/feeds/alerts.rss?token=***&status=sleeping');
    expect(scrubRequestTarget('/healthz')).toBe('/healthz');
  });
});
