import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries a webhook's signature. */
export const SIGNATURE_HEADER = 'X-Sleepwatch-Signature';

/** How far a signature's timestamp may be from the receiver's clock, in seconds, by default. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The `X-Sleepwatch-Signature` value for a body sent at `timestampSeconds`:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`.
 * The timestamp is signed with the body so a captured delivery cannot be replayed later.
 */
export function signPayload(secret: string, body: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds);
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/**
 * Checks a signature header against the raw body as received (before any JSON parsing,
 * which would change the bytes). Accepts when any `v1` matches and the timestamp is within
 * `toleranceSeconds` of `nowSeconds`; several `v1` values are allowed so a sender can sign
 * with an old and a new secret while the secret is rotated.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  options: { nowSeconds: number; toleranceSeconds?: number },
): boolean {
  const { nowSeconds, toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS } = options;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  // Every candidate is compared (no early exit), so timing does not tell which one matched.
  let matched = false;
  for (const signature of signatures) {
    if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) matched = true;
  }
  return matched;
}

function hmacHex(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
}
