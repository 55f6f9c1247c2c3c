import type { FastifyRequest } from 'fastify';
import { LOCALES, type Locale } from '../../domain/locale.ts';
import { cookieToken } from '../auth.ts';
import { LANG_COOKIE } from './session.ts';

/** The dashboard's own words; status names come from `STATUS_NAMES`, reasons from `renderReason`. */
const EN = {
  title: 'sleepwatch',
  overview: 'Overview',
  accounts: 'Accounts',
  signIn: 'Sign in',
  signOut: 'Sign out',
  token: 'API token',
  signInHint: 'Any API token of the viewer role or above (sleepwatch tokens add).',
  wrongToken: 'Unknown or revoked token.',
  staleForm: 'The form was out of date; please try again.',
  byStatus: 'Accounts by status',
  byPlatform: 'By platform',
  byUnit: 'By unit',
  nearestRedLine: 'Nearest the red line',
  openAlerts: 'Open alerts',
  newestAlerts: 'Newest open alerts',
  none: 'None.',
  total: 'Total',
  noUnit: '(no unit)',
  name: 'Name',
  platform: 'Platform',
  unit: 'Unit',
  status: 'Status',
  anyStatus: 'Any status',
  text: 'Name, URL or unit contains',
  sort: 'Sort by',
  order: 'Order',
  orderDefault: 'Usual',
  orderAsc: 'Ascending',
  orderDesc: 'Descending',
  filter: 'Filter',
  reset: 'Clear',
  daysSilent: 'Days silent',
  daysToRedLine: 'Days to red line',
  lastPost: 'Last post',
  lastChecked: 'Last checked',
  followers: 'Followers',
  reason: 'Reason',
  opened: 'Opened',
  nextPage: 'Next page',
  firstPage: 'First page',
  count: (n: number) => `${n} matching accounts`,
  notFound: 'No such account.',
  observations: 'Newest observations',
  fetchedAt: 'Fetched',
  outcome: 'Outcome',
  lastPostExcerpt: 'Last post excerpt',
  language: 'Language',
};

export type Messages = typeof EN;

const ZH: Messages = {
  title: 'sleepwatch 账号巡检',
  overview: '概览',
  accounts: '账号',
  signIn: '登录',
  signOut: '退出',
  token: 'API 令牌',
  signInHint: '查看者及以上角色的 API 令牌（sleepwatch tokens add）。',
  wrongToken: '令牌不存在或已吊销。',
  staleForm: '表单已过期，请重试。',
  byStatus: '按状态统计账号',
  byPlatform: '按平台',
  byUnit: '按单位',
  nearestRedLine: '最接近红线的账号',
  openAlerts: '未关闭告警',
  newestAlerts: '最新未关闭告警',
  none: '无。',
  total: '合计',
  noUnit: '（无单位）',
  name: '名称',
  platform: '平台',
  unit: '单位',
  status: '状态',
  anyStatus: '全部状态',
  text: '名称、网址或单位包含',
  sort: '排序',
  order: '顺序',
  orderDefault: '默认',
  orderAsc: '升序',
  orderDesc: '降序',
  filter: '筛选',
  reset: '清除',
  daysSilent: '未更新天数',
  daysToRedLine: '距红线天数',
  lastPost: '最近发布',
  lastChecked: '最近检查',
  followers: '粉丝数',
  reason: '原因',
  opened: '发生时间',
  nextPage: '下一页',
  firstPage: '第一页',
  count: (n: number) => `共 ${n} 个账号`,
  notFound: '没有这个账号。',
  observations: '最近的检查记录',
  fetchedAt: '检查时间',
  outcome: '结果',
  lastPostExcerpt: '最近发布摘要',
  language: '语言',
};

export const MESSAGES: Readonly<Record<Locale, Messages>> = { en: EN, 'zh-CN': ZH };

function asLocale(value: unknown): Locale | undefined {
  return LOCALES.find((l) => l === value);
}

/** `?lang=` when given, else the language cookie, else the service's (`SLEEPWATCH_LOCALE`). */
export function requestLocale(request: FastifyRequest, fallback: Locale): { locale: Locale; chosen: Locale | undefined } {
  const chosen = asLocale((request.query as Record<string, unknown> | undefined)?.lang);
  return { locale: chosen ?? asLocale(cookieToken(request, LANG_COOKIE)) ?? fallback, chosen };
}
