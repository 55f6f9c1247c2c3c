import { dingtalkFormat } from './dingtalk.ts';
import { feishuFormat } from './feishu.ts';
import { genericFormat } from './generic.ts';
import type { WebhookPayloadFormat } from './payload-format.ts';
import { slackFormat } from './slack.ts';
import { wecomFormat } from './wecom.ts';

/** Every webhook format by name. A new format is one file and one line here. */
export const WEBHOOK_PAYLOAD_FORMATS = {
  generic: genericFormat,
  wecom: wecomFormat,
  dingtalk: dingtalkFormat,
  feishu: feishuFormat,
  slack: slackFormat,
} as const satisfies Readonly<Record<string, WebhookPayloadFormat>>;

/** The webhook body formats sleepwatch can send: its own JSON, or a chat platform's group bot. */
export type WebhookFormat = keyof typeof WEBHOOK_PAYLOAD_FORMATS;

/** The format names, e.g. for validating configuration and listing choices in help. */
export const WEBHOOK_FORMATS = Object.keys(WEBHOOK_PAYLOAD_FORMATS) as WebhookFormat[];

export function isWebhookFormat(name: string): name is WebhookFormat {
  return Object.hasOwn(WEBHOOK_PAYLOAD_FORMATS, name);
}

/** The format a stored webhook names, or undefined when no format has that name (any more). */
export function payloadFormat(name: string): WebhookPayloadFormat | undefined {
  return isWebhookFormat(name) ? WEBHOOK_PAYLOAD_FORMATS[name] : undefined;
}
