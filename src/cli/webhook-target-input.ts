import { WEBHOOK_FORMATS, WEBHOOK_PAYLOAD_FORMATS, type WebhookFormat } from '../alerts/notifiers/webhook-formats.ts';
import { checkWebhookHost, checkWebhookUrl, type ResolveAll } from '../alerts/notifiers/webhook-target.ts';
import { ForbiddenTargetError, InvalidInputError, type InputIssue } from '../domain/errors.ts';

/** Receivers verify signatures with the secret; a short one can be guessed offline from one signed body. */
export const MIN_SECRET_LENGTH = 16;

/** What `webhooks add` was given about the receiver. */
export interface WebhookTargetInput {
  url: string;
  secret: string | undefined;
  signSecret: string | undefined;
  format: WebhookFormat;
  /** `--allow-private-hosts` given, or SLEEPWATCH_ALLOW_PRIVATE_HOSTS set. */
  allowPrivateHosts: boolean;
  /** An SMTP server is configured, so `mailto:` targets can be delivered. */
  smtpConfigured: boolean;
}

/** The receiver as it is stored, and what the user should know about it. */
export interface CheckedWebhookTarget {
  url: string;
  secret: string;
  signSecret: string | null;
  allowPrivateHosts: boolean;
  /** Things that do not stop the webhook, e.g. a host name that does not resolve from here. */
  warnings: string[];
}

/**
 * Judges a receiver as delivery will: what delivery would refuse later is refused now, with
 * every problem listed at once. Messages name the flag or `<url>` but never repeat a secret
 * or the URL's path and query, which may hold a bot's key.
 *
 * @throws InvalidInputError listing every problem.
 */
export async function checkWebhookTarget(input: WebhookTargetInput, resolveAll?: ResolveAll): Promise<CheckedWebhookTarget> {
  if (/^mailto:/i.test(input.url)) return checkEmailTarget(input);
  const policy = { allowPrivateHosts: input.allowPrivateHosts };
  const issues: InputIssue[] = [];
  let url: URL | undefined;
  try {
    url = checkWebhookUrl(input.url, policy);
  } catch (err) {
    if (!(err instanceof ForbiddenTargetError)) throw err;
    issues.push({ field: '<url>', message: err.message });
  }
  let warning: string | null = null;
  if (url) {
    try {
      warning = await checkWebhookHost(url, policy, resolveAll);
    } catch (err) {
      if (!(err instanceof ForbiddenTargetError)) throw err;
      issues.push({ field: '<url>', message: err.message });
    }
  }
  issues.push(...secretIssues(input), ...signSecretIssues(input));
  if (issues.length > 0 || !url) throw new InvalidInputError('invalid webhook', issues);
  return {
    url: url.href,
    secret: input.secret ?? '',
    signSecret: input.signSecret ?? null,
    allowPrivateHosts: input.allowPrivateHosts,
    warnings: warning ? [warning] : [],
  };
}

/** `--secret` signs the generic body, which receivers must verify; bots read their own signature instead. */
function secretIssues({ secret, format }: WebhookTargetInput): InputIssue[] {
  if (secret === undefined || secret === '') {
    if (format !== 'generic') return [];
    return [
      {
        field: '--secret',
        message:
          `required for the generic format (at least ${MIN_SECRET_LENGTH} characters): ` +
          'receivers verify the X-Sleepwatch-Signature with it',
      },
    ];
  }
  if (secret.length < MIN_SECRET_LENGTH)
    return [{ field: '--secret', message: `too short: use at least ${MIN_SECRET_LENGTH} characters, e.g. from \`openssl rand -hex 32\`` }];
  return [];
}

function signSecretIssues({ signSecret, format }: WebhookTargetInput): InputIssue[] {
  if (signSecret === undefined) return [];
  const signing = WEBHOOK_PAYLOAD_FORMATS[format].signing;
  if (!signing)
    return [
      {
        field: '--sign-secret',
        message: `the ${format} format has no signature of its own: --sign-secret is for ${signingFormats().join(' and ')} bots`,
      },
    ];
  const problem = signing.checkSecret(signSecret);
  return problem ? [{ field: '--sign-secret', message: problem }] : [];
}

function signingFormats(): WebhookFormat[] {
  return WEBHOOK_FORMATS.filter((name) => WEBHOOK_PAYLOAD_FORMATS[name].signing);
}

/** `mailto:a@x.org,b@y.org` with every address checked, stored as that canonical form. */
function checkEmailTarget(input: WebhookTargetInput): CheckedWebhookTarget {
  const issues: InputIssue[] = [];
  const url = mailtoUrl(input.url, issues);
  if (!input.smtpConfigured)
    issues.push({
      field: '<url>',
      message: 'e-mail targets need an SMTP server: set SLEEPWATCH_SMTP_URL (smtp://user:password@host:port) first',
    });
  if (input.secret !== undefined) issues.push({ field: '--secret', message: 'signs POSTs; e-mail is not signed, leave it out' });
  if (input.signSecret !== undefined)
    issues.push({ field: '--sign-secret', message: 'is for chat bots; e-mail is not signed, leave it out' });
  if (issues.length > 0 || url === undefined) throw new InvalidInputError('invalid webhook', issues);
  return { url, secret: '', signSecret: null, allowPrivateHosts: false, warnings: [] };
}

function mailtoUrl(url: string, issues: InputIssue[]): string | undefined {
  const problem = (message: string) => void issues.push({ field: '<url>', message });
  const rest = url.slice('mailto:'.length);
  if (rest.includes('?')) return problem('mailto: targets take addresses only (mailto:address[,address]), no ?subject= or other fields');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return problem('mailto: addresses are not validly %-encoded');
  }
  const addresses = decoded
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (addresses.length === 0) return problem('expected at least one address after mailto:');
  const bad = addresses.filter((a) => !EMAIL_ADDRESS.test(a));
  if (bad.length) return problem(`not an e-mail address: ${bad.map((a) => `"${a}"`).join(', ')}`);
  return `mailto:${[...new Set(addresses)].join(',')}`;
}

/** A plain address (no display name): something@host, no spaces, no list or header syntax. */
const EMAIL_ADDRESS = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+$/;
