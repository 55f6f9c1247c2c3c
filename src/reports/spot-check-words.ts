import type { Locale } from '../domain/locale.ts';

/** What a spot check finds wrong with an account. */
export type Problem = 'silent-past-red-line' | 'zombie' | 'empty' | 'closure-without-successor' | 'not-determinable';

/** 合格, 不合格, or neither: an account with no usable look at the check time cannot be judged. */
export type Conclusion = 'pass' | 'fail' | 'not-determinable';

/** Problem categories as provincial notices word them (问题类别). */
export const PROBLEM_NAMES: Readonly<Record<Locale, Readonly<Record<Problem, string>>>> = {
  'zh-CN': {
    'silent-past-red-line': '单项否决：监测时间点前2周内无更新',
    zombie: '僵尸',
    empty: '空壳',
    'closure-without-successor': '关停未说明迁移去向',
    'not-determinable': '无法判定',
  },
  en: {
    'silent-past-red-line': 'single veto: no update within the red line before the check time',
    zombie: 'zombie',
    empty: 'empty shell',
    'closure-without-successor': 'closure notice names no successor',
    'not-determinable': 'not determinable',
  },
};

export const CONCLUSION_NAMES: Readonly<Record<Locale, Readonly<Record<Conclusion, string>>>> = {
  'zh-CN': { pass: '合格', fail: '不合格', 'not-determinable': '无法判定' },
  en: { pass: 'pass', fail: 'fail', 'not-determinable': 'not determinable' },
};

/** The attachment table's columns (附件), in order. */
export const ATTACHMENT_HEADERS: Readonly<Record<Locale, readonly string[]>> = {
  'zh-CN': ['序号', '地区', '开设主体', '账号名称', '平台', '问题类别', '问题描述', '检查时最后更新日期', '结论'],
  en: [
    'No.',
    'Region',
    'Operator',
    'Account name',
    'Platform',
    'Problem category',
    'Problem description',
    'Last update at check time',
    'Conclusion',
  ],
};

/** Why an account has no judgement: nobody looked at it before the check time. */
export function notObservedText(locale: Locale): string {
  return locale === 'zh-CN'
    ? '检查时点前未采集到该账号，无法判定（不计入合格与不合格）'
    : 'not looked at before the check time: not determinable (neither pass nor fail)';
}
