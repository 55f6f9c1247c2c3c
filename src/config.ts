import { z } from 'zod';
import { loadPoliciesFile } from './activity/policies-file.ts';
import { DEFAULT_POLICY_BOOK, type PolicyBook } from './activity/policies.ts';
import type { Locale } from './domain/locale.ts';
import type { AlertSettings } from './alerts/alert-settings.ts';
import type { CrawlSettings } from './crawlers/page-fetcher.ts';
import { AccessBook } from './crawlers/access-settings.ts';
import { loadPlatformSettings } from './crawlers/access-settings-file.ts';
import type { PolitenessRule } from './domain/politeness.ts';
import { InvalidInputError } from './domain/errors.ts';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from './input/input-limits.ts';
import { quoted } from './input/quote.ts';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './logging/log-settings.ts';
import type { QueueSettings } from './jobs/job-queues.ts';
import type { StoreSettings } from './store/database.ts';

/**
 * Settings read from the environment once at start-up. Every variable is optional; a bad
 * value stops the program with the variable's name and what was expected.
 */
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  /** PostgreSQL for the store (and, without REDIS_URL, the job queue). Without it: PGlite in SLEEPWATCH_DATA. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  /** Redis for the job queues; without it, BullMQ's PostgreSQL backend on the store's database. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// URL')
    .optional(),
  /** Namespace of the job queues in Redis (several installations may share one server). */
  SLEEPWATCH_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ only')
    .default('sleepwatch'),
  /** Port of the HTTP server of `serve`. */
  PORT: integer(0, 65_535).default(8080),
  /**
   * Address the HTTP server of `serve` listens on. Loopback unless the user says otherwise: the
   * feeds and API are for this machine until someone decides to expose them (a container sets 0.0.0.0).
   */
  SLEEPWATCH_HOST: z
    .string()
    .regex(/^[0-9A-Za-z.:_-]{1,253}$/, 'expected an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  SLEEPWATCH_WORKER_CONCURRENCY: integer(1, 500).default(20),
  SLEEPWATCH_SCHEDULER_TICK_MS: integer(100, 3_600_000).default(5000),
  SLEEPWATCH_JOB_LOCK_MS: integer(1000, 3_600_000).default(30_000),
  /**
   * How long an account handed to a crawl job stays leased before the scheduler checks on the
   * job: alive (waiting, delayed, running) it keeps the account another lease; lost (failed,
   * gone with Redis's data) the account is queued again. Bounds how long a lost job's accounts
   * wait; see `sortExpiredLeases`.
   */
  SLEEPWATCH_LEASE_MS: integer(1000, 86_400_000).default(120_000),
  /** How long Redis or PostgreSQL may stay unreachable before an `infrastructure` alert opens. */
  SLEEPWATCH_OUTAGE_ALERT_MS: integer(0, 86_400_000).default(60_000),
  /** Folder of the embedded database. */
  SLEEPWATCH_DATA: z.string().min(1).default('./.sleepwatch'),
  /** Allow loopback, private and link-local targets (tests, the demo, intranet pages). */
  SLEEPWATCH_ALLOW_PRIVATE_HOSTS: flag.default(false),
  /** Chromium used for browser-rendered pages. */
  SLEEPWATCH_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  SLEEPWATCH_USER_AGENT: z.string().min(1).default('Mozilla/5.0 (compatible; sleepwatch/0.1; +https://github.com/sleepwatch/sleepwatch)'),
  SLEEPWATCH_MAX_RESPONSE_BYTES: integer(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  SLEEPWATCH_FETCH_TIMEOUT_MS: integer(1000, 300_000).default(20_000),
  SLEEPWATCH_RETRIES: integer(0, 10).default(2),
  SLEEPWATCH_RETRY_BASE_DELAY_MS: integer(0, 60_000).default(1000),
  SLEEPWATCH_CONCURRENCY: integer(1, 500).default(20),
  SLEEPWATCH_BROWSER_CONCURRENCY: integer(1, 16).default(2),
  SLEEPWATCH_PER_HOST_CONCURRENCY: integer(1, 500).default(2),
  SLEEPWATCH_PER_HOST_DELAY_MS: integer(0, 600_000).default(500),
  /** Per-host overrides: "t.me=1/2000,rsshub.example.org=4/0" (concurrency/delay ms); 64 KiB is thousands of hosts. */
  SLEEPWATCH_HOST_POLITENESS: z
    .string()
    .max(64 * 1024)
    .default(''),
  /**
   * Cookies, headers, a user agent and a proxy per platform and per named profile: JSON when it
   * starts with "{", else the path of a YAML or JSON file (see `loadPlatformSettings`).
   */
  SLEEPWATCH_PLATFORM_SETTINGS: z.string().min(1).optional(),
  /** YAML file of named threshold policies and group assignments (see `loadPoliciesFile`). */
  SLEEPWATCH_POLICIES_FILE: z.string().min(1).optional(),
  /** Language of reasons on the command line and of webhooks and feeds that name none. */
  SLEEPWATCH_LOCALE: z.enum(['zh-CN', 'en'], { error: 'expected zh-CN or en' }).default('en'),
  /** Hours between reminders while an alert stays open; 0 sends none. */
  SLEEPWATCH_REMINDER_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .default(24),
  /** Failed looks in a row that raise an `unreachable` alert. */
  SLEEPWATCH_UNREACHABLE_AFTER: integer(1, 1000).default(3),
  /**
   * The address users reach `serve` at, for feed URLs and the links in feeds (feed readers
   * need absolute URLs). Unset: the address the running `serve` listens on.
   */
  SLEEPWATCH_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** SMTP server for e-mail alerts, smtp(s)://user:password@host:port. */
  SLEEPWATCH_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL')
    .optional(),
  SLEEPWATCH_SMTP_FROM: z.string().min(3).default('sleepwatch <sleepwatch@localhost>'),
  /** Largest CSV register in bytes (see `InputLimits` for why each limit is what it is). */
  SLEEPWATCH_MAX_REGISTER_BYTES: integer(1024, 2 ** 31 - 1).default(DEFAULT_INPUT_LIMITS.registerBytes),
  /** Largest YAML or JSON register, and policies file, in bytes. */
  SLEEPWATCH_MAX_YAML_BYTES: integer(1024, 2 ** 31 - 1).default(DEFAULT_INPUT_LIMITS.yamlBytes),
  /** Accounts one register may list. */
  SLEEPWATCH_MAX_REGISTER_ACCOUNTS: integer(1, 10_000_000).default(DEFAULT_INPUT_LIMITS.registerAccounts),
  /** Longest account name, unit, region and group (and group names in the policies file), in characters. */
  SLEEPWATCH_MAX_TEXT_FIELD_CHARS: integer(10, 100_000).default(DEFAULT_INPUT_LIMITS.textChars),
  /** Longest account URL, in characters. */
  SLEEPWATCH_MAX_URL_CHARS: integer(100, 100_000).default(DEFAULT_INPUT_LIMITS.urlChars),
  /** Longest platform options (an account's, or `parse --options`), in characters of JSON. */
  SLEEPWATCH_MAX_OPTIONS_CHARS: integer(100, 10_000_000).default(DEFAULT_INPUT_LIMITS.optionsChars),
  /** Requests one API token (or, without a token, one client address) may make to `serve` a minute. */
  SLEEPWATCH_API_RATE_LIMIT: integer(1, 1_000_000).default(600),
  /** Least important log lines written by `serve`, `worker`, `scheduler` and `demo`. Unset: each command's default. */
  SLEEPWATCH_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).optional(),
  /** Log lines as JSON, readable text, or (auto) text on a terminal and JSON otherwise. */
  SLEEPWATCH_LOG_FORMAT: z.enum(LOG_FORMATS, { error: `expected one of ${LOG_FORMATS.join(', ')}` }).default('auto'),
});

export interface Config {
  crawl: CrawlSettings;
  store: StoreSettings;
  queues: QueueSettings;
  port: number;
  /** Where `serve` listens. */
  host: string;
  monitor: { workerConcurrency: number; tickMs: number; lockDurationMs: number; leaseMs: number; outageAlertMs: number };
  /** Accounts observed at once by `check`. */
  concurrency: number;
  policies: PolicyBook;
  locale: Locale;
  alerts: AlertSettings;
  /** How much text is read from users at most. */
  limits: InputLimits;
  /** The HTTP API of `serve`. */
  api: { rateLimitPerMinute: number };
  /** The long-running commands' logs; `level` undefined when SLEEPWATCH_LOG_LEVEL is not set. */
  log: { level?: LogLevel; format: LogFormat };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(pickSleepwatchVars(env));
  if (!parsed.success) {
    throw new InvalidInputError(
      'invalid environment configuration',
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  }
  const e = parsed.data;
  const limits: InputLimits = {
    registerBytes: e.SLEEPWATCH_MAX_REGISTER_BYTES,
    yamlBytes: e.SLEEPWATCH_MAX_YAML_BYTES,
    registerAccounts: e.SLEEPWATCH_MAX_REGISTER_ACCOUNTS,
    textChars: e.SLEEPWATCH_MAX_TEXT_FIELD_CHARS,
    urlChars: e.SLEEPWATCH_MAX_URL_CHARS,
    optionsChars: e.SLEEPWATCH_MAX_OPTIONS_CHARS,
  };
  return {
    store: { databaseUrl: e.DATABASE_URL, dataDir: e.SLEEPWATCH_DATA },
    queues: { redisUrl: e.REDIS_URL, prefix: e.SLEEPWATCH_QUEUE_PREFIX },
    port: e.PORT,
    host: e.SLEEPWATCH_HOST,
    monitor: {
      workerConcurrency: e.SLEEPWATCH_WORKER_CONCURRENCY,
      tickMs: e.SLEEPWATCH_SCHEDULER_TICK_MS,
      lockDurationMs: e.SLEEPWATCH_JOB_LOCK_MS,
      leaseMs: e.SLEEPWATCH_LEASE_MS,
      outageAlertMs: e.SLEEPWATCH_OUTAGE_ALERT_MS,
    },
    concurrency: e.SLEEPWATCH_CONCURRENCY,
    policies: e.SLEEPWATCH_POLICIES_FILE ? loadPoliciesFile(e.SLEEPWATCH_POLICIES_FILE, limits) : DEFAULT_POLICY_BOOK,
    locale: e.SLEEPWATCH_LOCALE,
    limits,
    api: { rateLimitPerMinute: e.SLEEPWATCH_API_RATE_LIMIT },
    log: { ...(e.SLEEPWATCH_LOG_LEVEL ? { level: e.SLEEPWATCH_LOG_LEVEL } : {}), format: e.SLEEPWATCH_LOG_FORMAT },
    alerts: {
      reminderMs: Math.round(e.SLEEPWATCH_REMINDER_HOURS * 3_600_000),
      unreachableAfter: e.SLEEPWATCH_UNREACHABLE_AFTER,
      ...(e.SLEEPWATCH_PUBLIC_URL ? { publicUrl: e.SLEEPWATCH_PUBLIC_URL.replace(/\/$/, '') } : {}),
      ...(e.SLEEPWATCH_SMTP_URL ? { email: { url: e.SLEEPWATCH_SMTP_URL, from: e.SLEEPWATCH_SMTP_FROM } } : {}),
      allowPrivateHosts: e.SLEEPWATCH_ALLOW_PRIVATE_HOSTS,
    },
    crawl: {
      policy: { allowPrivateHosts: e.SLEEPWATCH_ALLOW_PRIVATE_HOSTS },
      limits: {
        maxBytes: e.SLEEPWATCH_MAX_RESPONSE_BYTES,
        timeoutMs: e.SLEEPWATCH_FETCH_TIMEOUT_MS,
        maxRedirects: 5,
        userAgent: e.SLEEPWATCH_USER_AGENT,
      },
      politeness: {
        default: { maxConcurrency: e.SLEEPWATCH_PER_HOST_CONCURRENCY, minDelayMs: e.SLEEPWATCH_PER_HOST_DELAY_MS },
        hosts: parseHostPoliteness(e.SLEEPWATCH_HOST_POLITENESS, 'SLEEPWATCH_HOST_POLITENESS'),
      },
      httpConcurrency: e.SLEEPWATCH_CONCURRENCY,
      browserConcurrency: e.SLEEPWATCH_BROWSER_CONCURRENCY,
      retries: e.SLEEPWATCH_RETRIES,
      retryBaseDelayMs: e.SLEEPWATCH_RETRY_BASE_DELAY_MS,
      maxRetryAfterMs: 30_000,
      chromiumPath: e.SLEEPWATCH_CHROMIUM_PATH,
      access: e.SLEEPWATCH_PLATFORM_SETTINGS ? loadPlatformSettings(e.SLEEPWATCH_PLATFORM_SETTINGS, limits) : AccessBook.EMPTY,
    },
  };
}

/** Only our own variables are validated; empty strings count as unset. */
function pickSleepwatchVars(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([k, v]) => (k.startsWith('SLEEPWATCH_') || ['DATABASE_URL', 'REDIS_URL', 'PORT'].includes(k)) && v !== undefined && v !== '',
    ) as [string, string][],
  );
}

/** "host=concurrency/delayMs" pairs separated by commas. */
export function parseHostPoliteness(text: string, field: string): Record<string, PolitenessRule> {
  const rules: Record<string, PolitenessRule> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([^=\s]+)=(\d+)\/(\d+)$/.exec(part);
    if (!match || Number(match[2]) < 1) {
      throw new InvalidInputError('invalid per-host politeness', [
        { field, message: `expected host=concurrency/delayMs (e.g. t.me=1/2000), got ${quoted(part)}` },
      ]);
    }
    rules[match[1]!.toLowerCase()] = { maxConcurrency: Number(match[2]), minDelayMs: Number(match[3]) };
  }
  return rules;
}
