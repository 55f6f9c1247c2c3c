/**
 * Replaces every occurrence of the given secrets in `text`. Failure reasons quote error
 * messages and receivers' answers, which may echo a bot key or a password back.
 * Fragments shorter than 4 characters are left alone: replacing them would garble the
 * text without hiding anything worth hiding.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const distinct = [...new Set(secrets)].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  let redacted = text;
  for (const secret of distinct) redacted = redacted.split(secret).join('***');
  return redacted;
}

/**
 * Every form in which a URL's secrets could show up in a message: the query string, each
 * query value (raw and encoded), long path segments, the password and the user name. The
 * rest of the URL stays readable, so a reason still says where a delivery went.
 */
export function urlSecrets(url: string): string[] {
  const secrets: string[] = [];
  try {
    const parsed = new URL(url);
    if (parsed.search) secrets.push(parsed.search.slice(1));
    for (const [, value] of parsed.searchParams) secrets.push(value, encodeURIComponent(value));
    for (const raw of [parsed.password, parsed.username]) {
      if (raw) secrets.push(raw, safeDecode(raw));
    }
    if (parsed.hash) secrets.push(parsed.hash.slice(1));
    // Slack and Feishu put the whole credential in the path, as one long segment.
    for (const segment of parsed.pathname.split('/')) if (segment.length >= 16) secrets.push(segment, safeDecode(segment));
  } catch {
    secrets.push(url); // nothing can be told apart in an unparsable URL
  }
  return secrets.filter(Boolean);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
