import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { InvalidInputError } from './domain/errors.ts';
import { DEFAULT_INPUT_LIMITS } from './input/input-limits.ts';

function rejection(env: NodeJS.ProcessEnv): InvalidInputError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('input limits in the configuration', () => {
  it('defaults to the documented limits and takes each from its variable', () => {
    expect(loadConfig({}).limits).toEqual(DEFAULT_INPUT_LIMITS);
    const limits = loadConfig({
      SLEEPWATCH_MAX_REGISTER_BYTES: '5000000',
      SLEEPWATCH_MAX_YAML_BYTES: '100000',
      SLEEPWATCH_MAX_REGISTER_ACCOUNTS: '500',
      SLEEPWATCH_MAX_TEXT_FIELD_CHARS: '80',
      SLEEPWATCH_MAX_URL_CHARS: '1000',
      SLEEPWATCH_MAX_OPTIONS_CHARS: '4096',
    }).limits;
    expect(limits).toEqual({
      registerBytes: 5_000_000,
      yamlBytes: 100_000,
      registerAccounts: 500,
      textChars: 80,
      urlChars: 1000,
      optionsChars: 4096,
    });
  });

  it('refuses a limit that is not a whole number in range, naming the variable', () => {
    expect(rejection({ SLEEPWATCH_MAX_REGISTER_ACCOUNTS: '0' }).issues.map((i) => i.field)).toEqual(['SLEEPWATCH_MAX_REGISTER_ACCOUNTS']);
    expect(rejection({ SLEEPWATCH_MAX_TEXT_FIELD_CHARS: 'lots' }).issues.map((i) => i.field)).toEqual(['SLEEPWATCH_MAX_TEXT_FIELD_CHARS']);
  });
});

describe('SLEEPWATCH_HOST_POLITENESS', () => {
  it('is refused when longer than 64 KiB, without being parsed', () => {
    const err = rejection({ SLEEPWATCH_HOST_POLITENESS: 'a.example=1/0,'.repeat(5000) });
    expect(err.issues.map((i) => i.field)).toEqual(['SLEEPWATCH_HOST_POLITENESS']);
    expect(err.message.length).toBeLessThan(500);
  });

  it('quotes a bad entry shortened', () => {
    const err = rejection({ SLEEPWATCH_HOST_POLITENESS: `t.me=1/2000,${'x'.repeat(10_000)}` });
    expect(err.issues).toHaveLength(1);
    expect(err.message.length).toBeLessThan(300);
    expect(err.message).toMatch(/got "x{59}…"/);
  });
});

describe('log settings', () => {
  it('leaves the level to each command when unset, and takes a level and a format from their variables', () => {
    expect(loadConfig({}).log).toEqual({ format: 'auto' });
    expect(loadConfig({ SLEEPWATCH_LOG_LEVEL: 'debug', SLEEPWATCH_LOG_FORMAT: 'json' }).log).toEqual({ level: 'debug', format: 'json' });
  });

  it('refuses an unknown level or format, naming the variable and the choices', () => {
    const level = rejection({ SLEEPWATCH_LOG_LEVEL: 'loud' });
    expect(level.issues).toEqual([
      { field: 'SLEEPWATCH_LOG_LEVEL', message: 'expected one of fatal, error, warn, info, debug, trace, silent' },
    ]);
    expect(rejection({ SLEEPWATCH_LOG_FORMAT: 'xml' }).issues.map((i) => i.field)).toEqual(['SLEEPWATCH_LOG_FORMAT']);
  });
});

describe('platform access settings in the configuration', () => {
  const SECRET = 'c00kie-s3cret-value';

  it('reads SLEEPWATCH_PLATFORM_SETTINGS into the crawl settings', () => {
    const { crawl } = loadConfig({
      SLEEPWATCH_PLATFORM_SETTINGS: JSON.stringify({ platforms: { telegram: { cookies: `stel_ssid=${SECRET}` } } }),
    });
    expect(crawl.access?.resolve({ platform: 'telegram' })).toEqual({ cookies: { stel_ssid: SECRET } });
    expect(loadConfig({}).crawl.access?.resolve({ platform: 'telegram' })).toEqual({});
  });

  it('stops at start-up on bad settings, naming the variable and each field, never the secrets given', () => {
    const err = rejection({
      SLEEPWATCH_PLATFORM_SETTINGS: JSON.stringify({
        platforms: { telegram: { cookies: `stel_ssid=${SECRET}; broken`, proxy: `ftp://u:${SECRET}@h:21` }, myspace: {} },
      }),
    });
    expect(err.message).toMatch(/^SLEEPWATCH_PLATFORM_SETTINGS has 3 problems/);
    expect(err.issues.map((i) => i.field)).toEqual(['platforms.telegram.cookies', 'platforms.telegram.proxy', 'platforms.myspace']);
    expect(err.message).not.toContain(SECRET);
  });
});
