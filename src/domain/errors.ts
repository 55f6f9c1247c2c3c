/**
 * Typed errors. Each says what was wrong and where; none carries a secret (URLs are shown
 * without query strings or credentials, see `redactUrl`).
 */

export class SleepwatchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The page was fetched but does not have the structure the adapter reads: markup changed or page half-loaded. */
export class PageMismatchError extends SleepwatchError {}

/**
 * The page is the platform's own answer (its API said `ok` and gave data), but what it holds
 * no longer has the structure the adapter reads. Never taken for a block page, whatever words
 * the answer carries (a Weibo profile links to its login page in every healthy answer): a
 * changed answer must show as a parser that stopped matching.
 */
export class ChangedAnswerError extends PageMismatchError {}

/**
 * The page cannot be read within the readers' bounds (nested deeper than any real page): it
 * says nothing about the account, and reading it anyway would cost time out of all proportion.
 */
export class UnreadablePageError extends SleepwatchError {}

/** The platform served a block page: captcha, login wall, rate-limit notice. */
export class BlockedPageError extends SleepwatchError {}

/**
 * The platform answered, with a page of its own, that the account does not exist (deleted,
 * renamed, never created). Some platforms say so with status 200, so only the parser can tell.
 */
export class AccountGoneError extends SleepwatchError {}

/**
 * Input from a user (file, flag, option, config) is invalid. `issues` lists the problems
 * found, or the first of them when there were many: `moreIssues` counts the rest, so the
 * message stays short however bad the input.
 */
export class InvalidInputError extends SleepwatchError {
  constructor(
    message: string,
    readonly issues: readonly InputIssue[] = [],
    readonly moreIssues = 0,
  ) {
    const more = moreIssues > 0 ? `\n  … and ${moreIssues.toLocaleString('en')} more problem${moreIssues === 1 ? '' : 's'}` : '';
    super(issues.length ? `${message}\n${issues.map(formatIssue).join('\n')}${more}` : message);
  }
}

export interface InputIssue {
  /** 1-based line in the source file, when the input came from a file. */
  line?: number;
  /** Field or flag name, or a JSON path. */
  field?: string;
  message: string;
}

export function formatIssue(issue: InputIssue): string {
  const where = [issue.line !== undefined ? `line ${issue.line}` : null, issue.field ? `field "${issue.field}"` : null]
    .filter(Boolean)
    .join(', ');
  return where ? `  ${where}: ${issue.message}` : `  ${issue.message}`;
}

/** A fetch was refused before any byte left: the target is a private, loopback or metadata address. */
export class ForbiddenTargetError extends SleepwatchError {}

/** The response exceeded the configured size limit. */
export class ResponseTooLargeError extends SleepwatchError {}

/** Strips credentials, query and fragment so URLs can go into logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '<invalid url>';
  }
}
