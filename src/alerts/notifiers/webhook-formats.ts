import { dingtalkFormat } from './dingtalk.ts';
import { feishuFormat } from './feishu.ts';
import { genericFormat } from './generic.ts';
import type { WebhookFormat, WebhookPayloadFormat } from './notifier.ts';
import { slackFormat } from './slack.ts';
import { wecomFormat } from './wecom.ts';

/** Every webhook format by name. A new format is one file and one line here. */
export const WEBHOOK_PAYLOAD_FORMATS: Readonly<Record<WebhookFormat, WebhookPayloadFormat>> = {
  generic: genericFormat,
  wecom: wecomFormat,
  dingtalk: dingtalkFormat,
  feishu: feishuFormat,
  slack: slackFormat,
};

/** The format names, e.g. for validating configuration and listing choices in help. */
export const WEBHOOK_FORMATS: readonly WebhookFormat[] = Object.keys(WEBHOOK_PAYLOAD_FORMATS) as WebhookFormat[];
