import type { Locale } from '../domain/locale.ts';
import type { OutputColumn } from './format-rows.ts';

const HEADERS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: {
    id: 'id',
    name: 'name',
    unit: 'unit',
    region: 'region',
    group: 'group',
    platform: 'platform',
    status: 'status',
    daysSilent: 'days silent',
    lastPostAt: 'last post',
    followers: 'followers',
    reason: 'reason',
    nextDueAt: 'next check',
  },
  'zh-CN': {
    id: '编号',
    name: '账号名称',
    unit: '开设主体',
    region: '地区',
    group: '分组',
    platform: '平台',
    status: '状态',
    daysSilent: '未更新天数',
    lastPostAt: '最近发布',
    followers: '粉丝数',
    reason: '原因',
    nextDueAt: '下次检查',
  },
};

const TABLE_KEYS = ['name', 'unit', 'region', 'group', 'platform', 'status', 'daysSilent', 'lastPostAt', 'followers', 'reason'];

/** The columns of `check`'s table, headed in the reader's language; `accounts` adds its own around them. */
export function checkColumns(locale: Locale, keys: readonly string[] = TABLE_KEYS): OutputColumn[] {
  return keys.map((key) => ({ key, header: HEADERS[locale][key] ?? key }));
}

/** `accounts`' table: the check columns between the account's id and its next check. */
export function accountsColumns(locale: Locale): OutputColumn[] {
  return checkColumns(locale, ['id', ...TABLE_KEYS, 'nextDueAt']);
}

/** CSV has every field of a `CheckRow`, named as in JSON, whatever the language. */
export const CHECK_CSV_COLUMNS: readonly OutputColumn[] = [
  'name',
  'unit',
  'region',
  'group',
  'platform',
  'url',
  'status',
  'daysSilent',
  'lastPostAt',
  'followers',
  'outcome',
  'reason',
].map((key) => ({ key, header: key }));
