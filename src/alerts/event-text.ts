import type { Locale } from '../domain/locale.ts';
import { renderReason } from '../activity/render-reason.ts';
import type { Status } from '../domain/account-status.ts';
import type { Alert, AlertEvent, AlertEventType, AlertKind } from '../domain/alert.ts';

/** Title and body of an alert event, as a person reads it in a feed, a chat or an e-mail. */
export interface EventText {
  title: string;
  body: string;
}

export function describeEvent(event: AlertEvent, locale: Locale): EventText {
  const { alert } = event;
  const words = WORDS[locale];
  const label = words.event[event.type];
  const title = locale === 'zh-CN' ? `【${label}】${alertTitle(alert, locale)}` : `[${label}] ${alertTitle(alert, locale)}`;
  const lines = [renderReason(alert.reason, locale)];
  if (alert.account?.unit) lines.push(`${words.unit}${alert.account.unit}`);
  if (alert.account) lines.push(`${words.account}${alert.account.url}`);
  if (alert.evidence?.lastPostUrl) lines.push(`${words.evidence}${alert.evidence.lastPostUrl}`);
  return { title, body: lines.join('\n') };
}

/**
 * What an alert is about, without what happened to it: "南京发布 (telegram)：睡眠(两周未更新)".
 * Event titles put the event in front ("【告警】…"); lists of alerts show this alone.
 */
export function alertTitle(alert: Alert, locale: Locale): string {
  const words = WORDS[locale];
  const subject = alert.account ? `${alert.account.name} (${alert.platform})` : alert.platform;
  const what =
    alert.status && alert.kind !== 'unreachable' && alert.kind !== 'follower-anomaly' ? words.status[alert.status] : words.kind[alert.kind];
  return locale === 'zh-CN' ? `${subject}：${what}` : `${subject}: ${what}`;
}

/** Status names as the national checklist words them, and their English equivalents. */
export const STATUS_LABELS: Record<Locale, Record<Status, string>> = {
  'zh-CN': {
    active: '活跃',
    drifting: '临近睡眠',
    sleeping: '睡眠(两周未更新)',
    zombie: '僵尸',
    empty: '空壳',
    closed: '已关停',
    unknown: '未知',
  },
  en: {
    active: 'active',
    drifting: 'drifting',
    sleeping: 'sleeping (past the red line)',
    zombie: 'zombie',
    empty: 'empty',
    closed: 'closed',
    unknown: 'unknown',
  },
};

const WORDS: Record<
  Locale,
  {
    event: Record<AlertEventType, string>;
    kind: Record<AlertKind, string>;
    status: Record<Status, string>;
    unit: string;
    account: string;
    evidence: string;
  }
> = {
  'zh-CN': {
    event: { opened: '告警', escalated: '升级', reminder: '提醒', 'woke-up': '已恢复', resolved: '已解除' },
    kind: {
      silence: '长期未更新',
      empty: '空壳',
      closed: '已关停',
      unreachable: '无法访问',
      'follower-anomaly': '粉丝数异常',
      'parser-broken': '解析失效',
      unchecked: '未按时检查',
      infrastructure: '连接中断',
    },
    status: STATUS_LABELS['zh-CN'],
    unit: '单位：',
    account: '账号：',
    evidence: '最新内容：',
  },
  en: {
    event: { opened: 'Alert', escalated: 'Escalated', reminder: 'Reminder', 'woke-up': 'Woke up', resolved: 'Resolved' },
    kind: {
      silence: 'silent',
      empty: 'empty',
      closed: 'closed',
      unreachable: 'unreachable',
      'follower-anomaly': 'follower anomaly',
      'parser-broken': 'parser broken',
      unchecked: 'not checked on time',
      infrastructure: 'connection lost',
    },
    status: STATUS_LABELS.en,
    unit: 'Unit: ',
    account: 'Account: ',
    evidence: 'Newest post: ',
  },
};
