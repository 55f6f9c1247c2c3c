import type { WebhookPayloadFormat } from './payload-format.ts';
import type { Locale } from '../../domain/locale.ts';
import type { Reason } from '../../domain/reason.ts';
import { renderReason } from '../../activity/render-reason.ts';
import type { Status } from '../../domain/account-status.ts';
import type { AlertAccount, AlertEvent, AlertEventType, AlertEvidence, AlertKind, AlertSeverity, AlertState } from '../../domain/alert.ts';
import { alertTitle, describeEvent, type EventText } from '../event-text.ts';
import { refusedByStatus } from './read-answer.ts';

/**
 * The body of a `generic` webhook: sleepwatch's own JSON, for receivers people write
 * themselves. This is a stable public contract: fields may be added, none will be renamed,
 * removed or change type without a new format name.
 *
 * ```json
 * {
 *   "id": "1207", "event": "1207", "type": "opened", "kind": "silence",
 *   "at": "2025-07-24T08:00:00.000Z", "locale": "zh-CN",
 *   "alert": { "id": 31, "key": "silence:42", "kind": "silence", "state": "open",
 *              "severity": "critical", "status": "sleeping", "platform": "weibo",
 *              "reason": { "code": "silent", "line": "red-line", … },
 *              "reasonText": "已 15 天未更新（…）；已超过两周红线",
 *              "title": "某某发布 (weibo)：睡眠(两周未更新)",
 *              "openedAt": "2025-07-24T08:00:00.000Z", "resolvedAt": null },
 *   "account": { "id": 42, "name": "某某发布", "platform": "weibo", "url": "https://…", … },
 *   "evidence": { "lastPostAt": "…", "lastPostUrl": "https://…", "lastPostExcerpt": "…" },
 *   "text": { "title": "【告警】某某发布 (weibo)：睡眠(两周未更新)", "body": "…" }
 * }
 * ```
 *
 * Receivers should verify the `X-Sleepwatch-Signature` header (see `verifySignature`) and
 * drop events whose `event` id they have already handled: a delivery that timed out on our
 * side may have arrived, and is sent again.
 */
export interface GenericWebhookBody {
  /** The event id, as a string so that ids beyond 2^53 survive JSON parsers. Equal to `event`. */
  id: string;
  /** The event id again, under the name that says what it identifies; equal to the `X-Sleepwatch-Event` header. */
  event: string;
  /** What happened to the alert. */
  type: AlertEventType;
  /** The alert's kind, repeated from `alert.kind` for receivers that route on it. */
  kind: AlertKind;
  /** When it happened, ISO 8601 UTC. */
  at: string;
  /** The language of `alert.reasonText`, `alert.title` and `text`. */
  locale: Locale;
  /** The alert as it stood right after the event. */
  alert: {
    id: number;
    /** Stable identity of the trouble, e.g. `silence:42`: the same key across an alert's events. */
    key: string;
    kind: AlertKind;
    state: AlertState;
    severity: AlertSeverity;
    status: Status | null;
    platform: string;
    /** Why, as data (`code` plus the numbers behind it). */
    reason: Reason;
    /** `reason` as one sentence in `locale`. */
    reasonText: string;
    /** What the alert is about, without the event word ("Alert", "Resolved"…). */
    title: string;
    openedAt: string;
    resolvedAt: string | null;
  };
  /** The account, or null for platform-level alerts such as `parser-broken`. */
  account: AlertAccount | null;
  /** The newest post seen, or null when none is known. */
  evidence: AlertEvidence | null;
  /** The event as a person reads it, in `locale`. */
  text: EventText;
}

/** Builds the generic body for one event. */
export function genericBody(event: AlertEvent, locale: Locale): GenericWebhookBody {
  const { alert } = event;
  const text = describeEvent(event, locale);
  return {
    id: String(event.id),
    event: String(event.id),
    type: event.type,
    kind: alert.kind,
    at: event.at,
    locale,
    alert: {
      id: alert.id,
      key: alert.key,
      kind: alert.kind,
      state: alert.state,
      severity: alert.severity,
      status: alert.status,
      platform: alert.platform,
      reason: alert.reason,
      reasonText: renderReason(alert.reason, locale),
      title: alertTitle(alert, locale),
      openedAt: alert.openedAt,
      resolvedAt: alert.resolvedAt,
    },
    account: alert.account,
    evidence: alert.evidence,
    text,
  };
}

/** sleepwatch's own JSON body; any 2xx answer is success, whatever the body says. */
export const genericFormat: WebhookPayloadFormat = {
  format: 'generic',
  build: genericBody,
  accepted: (status, body) => refusedByStatus(status, body) ?? { ok: true },
};
