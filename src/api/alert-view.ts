import { z } from 'zod';
import { STATUSES } from '../domain/account-status.ts';
import { ALERT_KINDS, ALERT_SEVERITIES } from '../domain/alert.ts';
import type { AlertRow } from '../alerts/alert-row.ts';

const isoTime = z.string().describe('ISO 8601 time');

/** An alert as the API shows it: an `AlertRow` (flat, in the reader's language), the same as `sleepwatch alerts --format json`. */
export const alertRowSchema = z.object({
  id: z.number().int(),
  kind: z.enum(ALERT_KINDS),
  state: z.enum(['open', 'resolved']),
  severity: z.enum(ALERT_SEVERITIES),
  accountName: z.string().nullable().describe('null for platform-level alerts (parser-broken, unchecked, infrastructure)'),
  platform: z.string(),
  url: z.string().nullable().describe("the account's page; null for platform-level alerts"),
  status: z.enum(STATUSES).nullable().describe('the account status that raised or last updated the alert'),
  title: z.string(),
  reason: z.string().describe('why, as one sentence in the reader’s language'),
  openedAt: isoTime,
  resolvedAt: isoTime.nullable(),
  acknowledgedAt: isoTime.nullable().describe('null: not acknowledged; an acknowledged alert is not reminded of until it escalates'),
  acknowledgedBy: z.string().nullable().describe("the acknowledging token's name, or the name given on the command line"),
  ackNote: z.string().nullable(),
}) satisfies z.ZodType<AlertRow>;
