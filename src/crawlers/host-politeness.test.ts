import { describe, expect, it } from 'vitest';
import { politenessRule, type PolitenessSettings } from './host-politeness.ts';

const DEFAULT = { maxConcurrency: 2, minDelayMs: 500 };

describe('politenessRule', () => {
  it('gives a platform’s own hosts the gentleness its adapter declares, other hosts the default', () => {
    const settings: PolitenessSettings = { default: DEFAULT, hosts: {} };
    expect(politenessRule(settings, 't.me')).toEqual({ maxConcurrency: 1, minDelayMs: 1000 });
    expect(politenessRule(settings, 'm.weibo.cn')).toEqual({ maxConcurrency: 1, minDelayMs: 3000 });
    expect(politenessRule(settings, 'news.example')).toEqual(DEFAULT);
  });

  it('lets the user’s per-host rules win over the platforms’', () => {
    const settings: PolitenessSettings = {
      default: DEFAULT,
      hosts: { 't.me': { maxConcurrency: 3, minDelayMs: 200 }, 'news.example': { maxConcurrency: 1, minDelayMs: 5000 } },
    };
    expect(politenessRule(settings, 't.me')).toEqual({ maxConcurrency: 3, minDelayMs: 200 });
    expect(politenessRule(settings, 'news.example')).toEqual({ maxConcurrency: 1, minDelayMs: 5000 });
    expect(politenessRule(settings, 'mp.weixin.qq.com')).toEqual({ maxConcurrency: 1, minDelayMs: 3000 });
  });
});
