import type { Locale } from '../../domain/locale.ts';
import type { AlertAccount, AlertEvent } from '../../domain/alert.ts';

/**
 * Sample alert events: a Weibo account past the red line, the event every notifier test sends
 * unless it needs another; and the event `webhooks test` sends to a receiver.
 */

/** The Weibo account of `silenceOpened`. */
export const ACCOUNT_URL = 'https://weibo.com/u/1234567890';
export const POST_URL = 'https://weibo.com/1234567890/Pq7xYz?from=page_100606&mod=weibotime';

export function silenceOpened(account: Partial<AlertAccount> = {}, lastPostUrl: string | null = POST_URL): AlertEvent {
  return {
    id: 1207,
    type: 'opened',
    at: '2025-07-24T08:00:00.000Z',
    alert: {
      id: 31,
      key: 'silence:42',
      kind: 'silence',
      state: 'open',
      severity: 'critical',
      status: 'sleeping',
      platform: 'weibo',
      account: {
        id: 42,
        name: '平安某市',
        platform: 'weibo',
        url: ACCOUNT_URL,
        unit: '某市公安局',
        group: null,
        region: '某省',
        ...account,
      },
      reason: { code: 'silent', line: 'red-line', daysSilent: 15, lastPostAt: '2025-07-09T02:00:00.000Z', redLineDays: 14, zombieDays: 90 },
      evidence: { lastPostAt: '2025-07-09T02:00:00.000Z', lastPostUrl, lastPostExcerpt: '夏季防溺水提示' },
      openedAt: '2025-07-24T08:00:00.000Z',
      resolvedAt: null,
    },
  };
}

/** Where the test event's account link goes: the project, not an account anyone could mistake for a real one. */
const TEST_ACCOUNT_URL = 'https://github.com/sleepwatch/sleepwatch';

const TEST_ACCOUNT_NAME: Record<Locale, string> = { 'zh-CN': '测试消息（webhooks test）', en: 'Test message (webhooks test)' };

/**
 * The event `webhooks test` sends: an alert as real ones read, about an account named as a
 * test. Its id is 0, which no real event has (their ids start at 1), so a receiver that
 * records event ids never confuses it with one.
 */
export function webhookTestEvent(at: Date, locale: Locale): AlertEvent {
  const lastPostAt = new Date(at.getTime() - 15 * 86_400_000).toISOString();
  return {
    id: 0,
    type: 'opened',
    at: at.toISOString(),
    alert: {
      id: 0,
      key: 'test:webhook',
      kind: 'silence',
      state: 'open',
      severity: 'info',
      status: 'sleeping',
      platform: 'sleepwatch',
      account: {
        id: 0,
        name: TEST_ACCOUNT_NAME[locale],
        platform: 'sleepwatch',
        url: TEST_ACCOUNT_URL,
        unit: null,
        group: null,
        region: null,
      },
      reason: { code: 'silent', line: 'red-line', daysSilent: 15, lastPostAt, redLineDays: 14, zombieDays: 90 },
      evidence: null,
      openedAt: at.toISOString(),
      resolvedAt: null,
    },
  };
}
