import { Command, Option } from 'commander';
import { describeTarget } from '../../alerts/notifiers/describe-target.ts';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../../alerts/notifiers/webhook-formats.ts';
import type { Config } from '../../config.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { addWebhook, listWebhooks, removeWebhook, webhookById, type WebhookSubscription } from '../../store/subscriptions-repository.ts';
import type { LastDelivery } from '../../store/webhook-deliveries-repository.ts';
import { cliAction } from '../cli-action.ts';
import { EXIT } from '../exit-codes.ts';
import { positiveInt } from '../flags.ts';
import { addSubscriptionFlags, describeFilter, filterFromFlags, type SubscriptionFlags } from '../subscription-flags.ts';
import { checkWebhookTarget, MIN_SECRET_LENGTH } from '../webhook-target-input.ts';
import { withStore } from '../with-store.ts';

/** `webhooks add | list | test | remove`: where alert events are pushed (signed POSTs, chat bots, e-mail). */
export function webhooksCommand(config: Config): Command {
  return new Command('webhooks')
    .description('manage webhooks: alert events POSTed to a URL (chat group bots included) or e-mailed to mailto: addresses')
    .addCommand(addCommand(config).exitOverride().showHelpAfterError())
    .addCommand(listCommand(config).exitOverride().showHelpAfterError())
    .addCommand(testCommand(config).exitOverride().showHelpAfterError())
    .addCommand(removeCommand(config).exitOverride().showHelpAfterError());
}

/**
 * A webhook URL as it may be shown: bot keys live in the query (`?key=`, `?access_token=`)
 * or, for Slack and Feishu, in long path segments, so both are masked. E-mail targets are
 * shown as they are.
 */
export function displayWebhookUrl(url: string): string {
  return url.startsWith('mailto:') ? url : describeTarget(url);
}

interface AddFlags extends SubscriptionFlags {
  secret?: string;
  signSecret?: string;
  allowPrivateHosts?: boolean;
  format: WebhookFormat;
}

function addCommand(config: Config): Command {
  const command = new Command('add')
    .description('deliver the alerts the filter selects (no filter: every alert) to a URL, or by e-mail to mailto:address[,address]')
    .argument('<url>', 'http(s) receiver, or mailto:address[,address] for e-mail (needs SLEEPWATCH_SMTP_URL)')
    .option(
      '--secret <secret>',
      `signs every POST (X-Sleepwatch-Signature), at least ${MIN_SECRET_LENGTH} characters; required for the generic format`,
    )
    .option('--sign-secret <secret>', "the bot's own signing secret, for DingTalk (加签, SEC…) and Feishu (签名校验) bots that check one")
    .option(
      '--allow-private-hosts',
      'allow a loopback or private receiver (an intranet bot), now and at every delivery to it; cloud metadata addresses stay refused',
    )
    .addOption(
      new Option('--format <format>', 'body format: sleepwatch JSON, or a chat group bot').choices([...WEBHOOK_FORMATS]).default('generic'),
    );
  return addSubscriptionFlags(command, config).action(
    cliAction(async (url: string, flags: AddFlags) => {
      // Everything is checked before the store opens: bad input changes nothing.
      const [filter, target] = await allValid(
        async () => filterFromFlags(flags),
        () =>
          checkWebhookTarget({
            url,
            secret: flags.secret,
            signSecret: flags.signSecret,
            format: flags.format,
            allowPrivateHosts: flags.allowPrivateHosts === true || config.alerts.allowPrivateHosts,
            smtpConfigured: config.alerts.email !== undefined,
          }),
      );
      for (const warning of target.warnings) process.stderr.write(`sleepwatch: warning: ${warning}\n`);
      const { warnings: _warnings, ...stored } = target;
      const hook = await withStore(config, (store) =>
        addWebhook(store.db, { ...stored, format: flags.format, locale: flags.locale, filter }),
      );
      process.stdout.write(
        `webhook ${hook.id} added: ${displayWebhookUrl(hook.url)} (${formatText(hook)}, ${hook.locale}, ${describeFilter(filter)})\n`,
      );
    }),
  );
}

/** Runs both checks and reports the problems of both at once, so one run shows every mistake. */
async function allValid<A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a(), b()]);
  const issues = [first, second].flatMap((outcome) => {
    if (outcome.status === 'fulfilled') return [];
    if (!(outcome.reason instanceof InvalidInputError)) throw outcome.reason;
    return outcome.reason.issues;
  });
  if (issues.length || first.status === 'rejected' || second.status === 'rejected') throw new InvalidInputError('invalid webhook', issues);
  return [first.value, second.value];
}

/** The body format, and whether the bot's own signature is added: never the sign secret itself. */
function formatText(hook: WebhookSubscription): string {
  return hook.signSecret ? `${hook.format}, signed` : hook.format;
}

/** A webhook as `webhooks list --format json` shows it: never a secret, never the URL's keys. */
function webhookRow(hook: WebhookSubscription, last: LastDelivery | undefined) {
  return {
    id: hook.id,
    url: displayWebhookUrl(hook.url),
    format: hook.format,
    signed: hook.signSecret !== null,
    allowPrivateHosts: hook.allowPrivateHosts,
    locale: hook.locale,
    filter: hook.filter,
    createdAt: hook.createdAt.toISOString(),
    lastDelivery: last ? { ...last, at: last.at.toISOString() } : null,
  };
}

/** A last delivery in one table cell, e.g. "2026-05-20T04:00:03Z delivered, HTTP 200 (test)". */
function lastDeliveryText(hook: WebhookSubscription, last: LastDelivery | undefined): string {
  if (!last) return 'never';
  const at = last.at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${at} ${last.outcome}, ${answerText(hook, last.status)}${last.test ? ' (test)' : ''}`;
}

function listCommand(config: Config): Command {
  return new Command('list')
    .description('list the webhooks and how their last delivery went (URLs with their keys masked; secrets are never shown)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      cliAction(async (flags: { format: 'table' | 'json' }) => {
        const { lastDeliveries } = await import('../../store/webhook-deliveries-repository.ts');
        const { formatRows } = await import('../format-rows.ts');
        const [hooks, last] = await withStore(config, (store) => Promise.all([listWebhooks(store.db), lastDeliveries(store.db)]));
        if (flags.format === 'json') {
          process.stdout.write(
            formatRows(
              hooks.map((hook) => webhookRow(hook, last.get(hook.id))),
              'json',
              [],
            ),
          );
          return;
        }
        const cells = hooks.map((hook) => ({
          id: hook.id,
          url: displayWebhookUrl(hook.url),
          format: formatText(hook),
          locale: hook.locale,
          filter: describeFilter(hook.filter),
          lastDelivery: lastDeliveryText(hook, last.get(hook.id)),
        }));
        const columns = [
          ...['id', 'url', 'format', 'locale', 'filter'].map((key) => ({ key, header: key })),
          { key: 'lastDelivery', header: 'last delivery' },
        ];
        process.stdout.write(formatRows(cells, 'table', columns, { colour: process.stdout.isTTY }));
      }),
    );
}

function testCommand(config: Config): Command {
  return new Command('test')
    .description(
      'send one sample alert to a webhook now, formatted and signed as real ones, ' +
        "and show the receiver's answer (exit 1 if it did not take it)",
    )
    .argument('<id>', 'the webhook id (see `webhooks list`)', positiveInt('<id>', Number.MAX_SAFE_INTEGER))
    .action(
      cliAction(async (id: number) => {
        const { recordTestDelivery } = await import('../../store/webhook-deliveries-repository.ts');
        const { configuredMailer, deliverToSubscription } = await import('../../alerts/notifiers/deliver-to-subscription.ts');
        const { webhookTestEvent } = await import('../../alerts/notifiers/sample-event.ts');
        return withStore(config, async (store) => {
          const hook = await webhookById(store.db, id);
          if (!hook) throw noSuchWebhook(id);
          const sentAt = new Date();
          const started = performance.now();
          const result = await deliverToSubscription(hook, webhookTestEvent(sentAt, hook.locale), {
            settings: config.alerts,
            userAgent: config.crawl.limits.userAgent,
            mailer: configuredMailer(config.alerts),
          });
          const tookMs = Math.round(performance.now() - started);
          await recordTestDelivery(store.db, hook.id, result, sentAt);
          process.stdout.write(
            `webhook ${id}: ${answerText(hook, result.status)} in ${tookMs} ms${result.answer ? `: ${result.answer}` : ''}\n`,
          );
          if (result.ok) return EXIT.ok;
          process.stderr.write(`sleepwatch: webhook ${id} did not take the test: ${result.reason}\n`);
          return EXIT.failure;
        });
      }),
    );
}

/** "HTTP 200", "SMTP 250", or "no answer" when none came. */
function answerText(hook: WebhookSubscription, status: number | null): string {
  if (status === null) return 'no answer';
  return `${hook.url.startsWith('mailto:') ? 'SMTP' : 'HTTP'} ${status}`;
}

function removeCommand(config: Config): Command {
  return new Command('remove')
    .description('delete a webhook: no more deliveries go to it')
    .argument('<id>', 'the webhook id (see `webhooks list`)', positiveInt('<id>', Number.MAX_SAFE_INTEGER))
    .action(
      cliAction(async (id: number) => {
        const removed = await withStore(config, (store) => removeWebhook(store.db, id));
        if (!removed) throw noSuchWebhook(id);
        process.stdout.write(`webhook ${id} removed\n`);
      }),
    );
}

function noSuchWebhook(id: number): InvalidInputError {
  return new InvalidInputError('no such webhook', [{ field: '<id>', message: `no webhook has id ${id}` }]);
}
