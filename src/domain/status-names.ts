import type { Status } from './account-status.ts';
import type { Locale } from './locale.ts';

/** Status names in tables and pages, as the national checklist words them in Chinese. */
export const STATUS_NAMES: Readonly<Record<Locale, Readonly<Record<Status, string>>>> = {
  'zh-CN': { active: '活跃', drifting: '临近睡眠', sleeping: '睡眠', zombie: '僵尸', empty: '空壳', closed: '已关停', unknown: '未知' },
  en: {
    active: 'active',
    drifting: 'drifting',
    sleeping: 'sleeping',
    zombie: 'zombie',
    empty: 'empty',
    closed: 'closed',
    unknown: 'unknown',
  },
};
