import { createRequire } from 'node:module';
import os from 'node:os';
import { pino, stdTimeFunctions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import type { LogFormat, LogLevel } from './log-settings.ts';
import { scrubUrlsInText } from './scrub-url.ts';

export type { Logger };

export type { LogFormat, LogLevel };

/**
 * Fields whose value is a secret wherever they appear in a record: replaced by `[redacted]`.
 * URLs are not dropped but scrubbed (see `scrubUrlsInText`), so the server they name stays visible.
 */
export const REDACT_PATHS = [
  'password',
  'token',
  'secret',
  'signSecret',
  'apiToken',
  'accessToken',
  'feedToken',
  'cookie',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-sleepwatch-signature"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.signSecret',
  '*.apiToken',
  '*.accessToken',
  '*.feedToken',
  '*.cookie',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
];

export interface LoggingSettings {
  level: LogLevel;
  format: LogFormat;
  /** What the process is (`serve`, `worker` …): on every line, to tell processes apart in one collector. */
  role: string;
  /** Where lines go. @defaultValue standard error (synchronously, so nothing is lost at exit) */
  destination?: DestinationStream;
  /** Whether the destination is a terminal, for `auto`. @defaultValue `process.stderr.isTTY` */
  isTerminal?: boolean;
}

/**
 * Until a long-running command configures logging, records are written as the one-shot
 * commands write everything else: `sleepwatch: …` on standard error, warnings and errors only.
 */
let root: Logger = pino(commonOptions('warn', {}), plainLines());

/** The process's logger. Called where a line is written (not kept at import), so it is the configured one. */
export function logger(): Logger {
  return root;
}

/** Sets the process's logger up, once, when a long-running command starts. Returns it. */
export function configureLogging(settings: LoggingSettings): Logger {
  const terminal = settings.isTerminal ?? Boolean(process.stderr.isTTY);
  const format = settings.format === 'auto' ? (terminal ? 'pretty' : 'json') : settings.format;
  const options = commonOptions(settings.level, { role: settings.role, pid: process.pid, hostname: os.hostname() });
  const destination = settings.destination ?? (format === 'json' ? pino.destination({ fd: 2, sync: true }) : undefined);
  root =
    format === 'json'
      ? pino({ ...options, timestamp: stdTimeFunctions.isoTime }, destination)
      : // A stream in this thread, not a transport's worker thread: nothing to flush or join at exit.
        pino(
          options,
          prettyStream({
            destination: destination ?? 2,
            sync: true,
            colorize: terminal && settings.destination === undefined,
            singleLine: true,
            translateTime: 'SYS:HH:MM:ss.l',
            ignore: 'pid,hostname,role',
            messageFormat: '{if role}{role}: {end}{msg}',
          }),
        );
  return root;
}

/** pino-pretty, loaded only by a process that writes readable lines. */
function prettyStream(options: PrettyOptions): DestinationStream {
  const build = createRequire(import.meta.url)('pino-pretty') as (options: PrettyOptions) => DestinationStream;
  return build(options);
}

function commonOptions(level: LogLevel, base: Record<string, unknown>): LoggerOptions {
  return {
    level,
    base,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: {
      // Level names, not pino's numbers: what an operator greps for.
      level: (label) => ({ level: label }),
      log: (record) => scrubRecord(record, 0) as Record<string, unknown>,
    },
    serializers: {
      // The message only: no stack trace (it repeats the message, and fills logs with frames).
      err: (err: unknown) => (err instanceof Error ? { type: err.name, message: scrubUrlsInText(err.message.split('\n', 1)[0]!) } : err),
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg: unknown) => (typeof arg === 'string' ? scrubUrlsInText(arg) : arg));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
}

/** Record fields looked into for URLs at most this deep: records are flat, a few nested objects at most. */
const SCRUB_DEPTH = 4;

/** Every string in a record with the URLs in it scrubbed. */
function scrubRecord(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubUrlsInText(value);
  if (depth >= SCRUB_DEPTH || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => scrubRecord(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubRecord(v, depth + 1)]));
}

/** `sleepwatch: <message>` lines on standard error, for processes that did not configure logging. */
function plainLines(): DestinationStream {
  return {
    write(line: string) {
      const record = JSON.parse(line) as { level?: string; msg?: string };
      const label = record.level === 'warn' ? 'warning: ' : '';
      process.stderr.write(`sleepwatch: ${label}${record.msg ?? ''}\n`);
    },
  };
}
