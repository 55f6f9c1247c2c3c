import type { AlertAccount, AlertEvent } from '../alert.ts';

/** A Weibo account past the red line: the event every notifier test sends, unless it needs another. */
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
      account: { id: 42, name: '平安某市', platform: 'weibo', url: ACCOUNT_URL, unit: '某市公安局', group: null, region: '某省', ...account },
      reason: { code: 'silent', line: 'red-line', daysSilent: 15, lastPostAt: '2025-07-09T02:00:00.000Z', redLineDays: 14, zombieDays: 90 },
      evidence: { lastPostAt: '2025-07-09T02:00:00.000Z', lastPostUrl, lastPostExcerpt: '夏季防溺水提示' },
      openedAt: '2025-07-24T08:00:00.000Z',
      resolvedAt: null,
    },
  };
}

