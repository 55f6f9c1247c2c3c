import net from 'node:net';
import { Command, Option } from 'commander';
import type { WebhookFormat } from '../../alerts/notifiers/notifier.ts';
import { describeTarget } from '../../alerts/notifiers/deliver-webhook.ts';
import { WEBHOOK_FORMATS } from '../../alerts/notifiers/webhook-formats.ts';
import type { Config } from '../../config.ts';
import { forbiddenAddressReason } from '../../crawlers/fetch-guard.ts';
import { InvalidInputError, type InputIssue } from '../../errors.ts';
import { addWebhook, listWebhooks, removeWebhook, type WebhookSubscription } from '../../store/subscriptions-repository.ts';
import { cliAction } from '../cli-action.ts';
import { positiveInt } from '../flags.ts';
import { formatRows } from '../format-rows.ts';
import { addSubscriptionFlags, describeFilter, filterFromFlags, type SubscriptionFlags } from '../subscription-flags.ts';
import { withStore } from '../with-store.ts';

/** Receivers verify signatures with the secret; a short one can be guessed offline from one signed body. */
export const MIN_SECRET_LENGTH = 16;

/** `webhooks add | list | remove`: where alert events are pushed (signed POSTs, chat bots, e-mail). */
export function webhooksCommand(config: Config): Command {
  return new Command('webhooks')
    .description('manage webhooks: alert events POSTed to a URL (chat group bots included) or e-mailed to mailto: addresses')
    .addCommand(addCommand(config).exitOverride().showHelpAfterError())
    .addCommand(listCommand(config).exitOverride().showHelpAfterError())
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
  format: WebhookFormat;
}

function addCommand(config: Config): Command {
  const command = new Command('add')
    .description('deliver the alerts the filter selects (no filter: every alert) to a URL, or by e-mail to mailto:address[,address]')
    .argument('<url>', 'http(s) receiver, or mailto:address[,address] for e-mail')
    .option('--secret <secret>', `signs every POST (X-Sleepwatch-Signature); required for http(s), at least ${MIN_SECRET_LENGTH} characters`)
    .addOption(new Option('--format <format>', 'body format: sleepwatch JSON, or a chat group bot').choices([...WEBHOOK_FORMATS]).default('generic'));
  return addSubscriptionFlags(command, config).action(
    cliAction(async (url: string, flags: AddFlags) => {
      // Everything is checked before the store opens: bad input changes nothing.
      const [target, filter] = allValid(
        () => webhookTarget(url, flags.secret, config.alerts.allowPrivateHosts),
        () => filterFromFlags(flags),
      );
      const hook = await withStore(config, (store) =>
        addWebhook(store.db, { url: target.url, secret: target.secret, format: flags.format, locale: flags.locale, filter }),
      );
      process.stdout.write(`webhook ${hook.id} added: ${displayWebhookUrl(hook.url)} (${hook.format}, ${hook.locale}, ${describeFilter(filter)})\n`);
    }),
  );
}

/**
 * The URL and secret to store, checked. Messages never repeat the URL whole or the secret:
 * both may be credentials, and error output ends up in terminals' scrollback and CI logs.
 *
 * @throws InvalidInputError naming `<url>` or `--secret`.
 */
function webhookTarget(url: string, secret: string | undefined, allowPrivateHosts: boolean): { url: string; secret: string } {
  if (/^mailto:/i.test(url)) return { url: mailtoTarget(url), secret: secret ?? '' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('<url>', 'expected an http(s) URL, or mailto:address[,address] for e-mail');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid('<url>', `${parsed.protocol} URLs cannot receive webhooks; expected http(s), or mailto:address[,address] for e-mail`);
  }
  const issues: InputIssue[] = [];
  // Literal addresses can be refused now; names are checked on every delivery, after DNS.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const refusal = net.isIP(host) ? forbiddenAddressReason(host, { allowPrivateHosts }) : null;
  if (refusal) issues.push({ field: '<url>', message: `${refusal}; intranet receivers need SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true` });
  if (secret === undefined || secret === '') {
    issues.push({ field: '--secret', message: `required for http(s) webhooks (at least ${MIN_SECRET_LENGTH} characters): receivers verify the X-Sleepwatch-Signature with it` });
  } else if (secret.length < MIN_SECRET_LENGTH) {
    issues.push({ field: '--secret', message: `too short: use at least ${MIN_SECRET_LENGTH} characters, e.g. from \`openssl rand -hex 32\`` });
  }
  if (issues.length > 0 || secret === undefined) throw new InvalidInputError('invalid webhook', issues);
  return { url: parsed.href, secret };
}

/** `mailto:a@x.org,b@y.org` with every address checked, stored as that canonical form. */
function mailtoTarget(url: string): string {
  const rest = url.slice('mailto:'.length);
  if (rest.includes('?')) throw invalid('<url>', 'mailto: targets take addresses only (mailto:address[,address]), no ?subject= or other fields');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    throw invalid('<url>', 'mailto: addresses are not validly %-encoded');
  }
  const addresses = decoded.split(',').map((a) => a.trim()).filter(Boolean);
  if (addresses.length === 0) throw invalid('<url>', 'expected at least one address after mailto:');
  const bad = addresses.filter((a) => !EMAIL_ADDRESS.test(a));
  if (bad.length) throw invalid('<url>', `not an e-mail address: ${bad.map((a) => `"${a}"`).join(', ')}`);
  return `mailto:${[...new Set(addresses)].join(',')}`;
}

/** A plain address (no display name): something@host, no spaces, no list or header syntax. */
const EMAIL_ADDRESS = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+$/;

/** Runs both checks and reports the problems of both at once, so one run shows every mistake. */
function allValid<A, B>(a: () => A, b: () => B): [A, B] {
  const issues: InputIssue[] = [];
  const attempt = <T,>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      issues.push(...err.issues);
      return undefined;
    }
  };
  const first = attempt(a);
  const second = attempt(b);
  if (issues.length) throw new InvalidInputError('invalid webhook', issues);
  return [first as A, second as B];
}

function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError('invalid webhook', [{ field, message }]);
}

/** A webhook as `webhooks list` shows it: never the secret, never the URL's credentials. */
function webhookRow(hook: WebhookSubscription) {
  return { id: hook.id, url: displayWebhookUrl(hook.url), format: hook.format, locale: hook.locale, filter: hook.filter, createdAt: hook.createdAt.toISOString() };
}

function listCommand(config: Config): Command {
  return new Command('list')
    .description('list the webhooks (URLs with their keys masked; secrets are never shown)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      cliAction(async (flags: { format: 'table' | 'json' }) => {
        const hooks = await withStore(config, (store) => listWebhooks(store.db));
        const rows = hooks.map(webhookRow);
        if (flags.format === 'json') {
          process.stdout.write(formatRows(rows, 'json', []));
          return;
        }
        const cells = rows.map((row) => ({ ...row, filter: describeFilter(row.filter) }));
        const columns = ['id', 'url', 'format', 'locale', 'filter'].map((key) => ({ key, header: key }));
        process.stdout.write(formatRows(cells, 'table', columns, { colour: process.stdout.isTTY }));
      }),
    );
}

function removeCommand(config: Config): Command {
  return new Command('remove')
    .description('delete a webhook: no more deliveries go to it')
    .argument('<id>', 'the webhook id (see `webhooks list`)', positiveInt('<id>', Number.MAX_SAFE_INTEGER))
    .action(
      cliAction(async (id: number) => {
        const removed = await withStore(config, (store) => removeWebhook(store.db, id));
        if (!removed) throw new InvalidInputError('no such webhook', [{ field: '<id>', message: `no webhook has id ${id}` }]);
        process.stdout.write(`webhook ${id} removed\n`);
      }),
    );
}
