import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge } from '../activity/status.ts';
import { GOV_CN } from '../activity/policies.ts';
import type { AnyPlatformAdapter } from './adapter.ts';
import { parsePage } from './parse-page.ts';
import { platformAdapters } from './registry.ts';

/**
 * What every adapter in the registry promises, checked for each one, so a new adapter is held
 * to it without a test of its own: it comes with fixtures, at least one of which it reads; the
 * pages a platform serves instead of an account (block, login wall, nothing, something else)
 * never read as an account, let alone a silent one; and it declares what it reads.
 */

const NOW = new Date('2026-05-05T12:00:00Z');

/**
 * Options an adapter cannot read a fixture without. Only the `html` adapter has required
 * options (the selectors); `time` is what its fixtures mark post times with.
 */
const FIXTURE_OPTIONS: Readonly<Record<string, unknown>> = { html: { lastPost: 'time' } };

function fixturesOf(adapter: AnyPlatformAdapter): string[] {
  const dir = new URL(`./${adapter.id}/fixtures/`, import.meta.url);
  return existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('.')) : [];
}

function fixture(adapter: AnyPlatformAdapter, name: string): string {
  return readFileSync(new URL(`./${adapter.id}/fixtures/${name}`, import.meta.url), 'utf8');
}

/** A neutral URL: adapters tell their pages apart by the body, so a reading must not hinge on the host. */
const ACCOUNT_URL = 'https://platform.example/account';

function observe(adapter: AnyPlatformAdapter, body: string, url = ACCOUNT_URL) {
  return parsePage(adapter.id, body, { url, now: NOW, timeZone: 'UTC', options: FIXTURE_OPTIONS[adapter.id] });
}

/** Pages a platform serves in place of an account, in forms common to all platforms. */
const NOT_AN_ACCOUNT: ReadonlyArray<[string, string]> = [
  [
    'a captcha page',
    '<!DOCTYPE html><html><head><title>Security check</title></head><body><form id="captcha-form" action="/verify">' +
      '<div class="g-recaptcha" data-sitekey="x"></div><p>Please verify you are a human to continue.</p></form></body></html>',
  ],
  [
    'a login wall',
    '<!DOCTYPE html><html><head><title>Log in</title></head><body><form action="/login" method="post"><p>Log in to continue.</p>' +
      '<input name="username"><input type="password" name="password"><button>Log in</button></form></body></html>',
  ],
  ['an empty body', ''],
  ['a body of whitespace', '\n  \n'],
  [
    'an unrelated HTML page (changed markup)',
    '<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>Welcome to our new site</h1><p>Content moved.</p></body></html>',
  ],
  ['an empty JSON object', '{}'],
  ['an unrelated JSON object', '{"status":"ok","data":{"items":null}}'],
  ['an unrelated XML document', '<?xml version="1.0"?><error><code>500</code><message>internal error</message></error>'],
  ['plain text', 'Service Unavailable'],
];

describe.each(platformAdapters.map((adapter) => [adapter.id, adapter] as const))('adapter contract: %s', (_, adapter) => {
  it('has fixtures, and reads at least one of them as an account', () => {
    const names = fixturesOf(adapter);
    expect(names, `src/platforms/${adapter.id}/fixtures/ holds no fixtures`).not.toEqual([]);
    const outcomes = names.map((name) => observe(adapter, fixture(adapter, name)).outcome);
    expect(outcomes, `no fixture of ${adapter.id} parses to outcome ok`).toContain('ok');
  });

  it.each(NOT_AN_ACCOUNT)('never reads %s as an account, nor judges it sleeping', (_, body) => {
    const observation = observe(adapter, body);
    expect(['blocked', 'error']).toContain(observation.outcome);
    expect(observation).toMatchObject({ lastPostAt: null, postsCount: null, followers: null, posts: [] });
    expect(observation.error).toBeTruthy();
    expect(judge(observation, NOW, GOV_CN).status).toBe('unknown');
  });

  it('declares its fetchers, what it reads, the URLs it accepts and its required settings', () => {
    const { about } = adapter;
    expect(about.fetchers.length).toBeGreaterThan(0);
    for (const fetcher of about.fetchers) expect(['http', 'browser']).toContain(fetcher);
    expect(Object.keys(about.reads).sort()).toEqual(['followers', 'lastPost', 'name', 'postsCount']);
    expect(about.reads.lastPost, 'an adapter that reads no last post cannot tell silence').toBe(true);
    expect(about.urlForms.length).toBeGreaterThan(0);
    for (const form of about.urlForms) expect(form.trim()).not.toBe('');
    expect(Array.isArray(about.requiredSettings)).toBe(true);
    for (const setting of about.requiredSettings) {
      expect(setting, 'a required setting names a field of the platform settings, or a cookie or header in one').toMatch(
        /^(cookies|headers|userAgent|proxy)$|^(cookies|headers)\.[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/,
      );
    }
    for (const [host, rule] of Object.entries(about.politeness)) {
      expect(host, 'politeness is keyed by host as in a URL').toBe(new URL(`https://${host}`).host);
      expect(rule.maxConcurrency).toBeGreaterThanOrEqual(1);
      expect(rule.minDelayMs).toBeGreaterThanOrEqual(0);
    }
    const defaults = adapter.optionsSchema.safeParse({});
    if (defaults.success) expect(about.fetchers).toContain(adapter.fetcher(defaults.data));
  });
});

describe('adapter contract: the registry', () => {
  it('holds every adapter once', () => {
    const ids = platformAdapters.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
