import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DEFAULT_POLICY_BOOK, type PolicyBook } from '../activity/policies.ts';
import { InvalidInputError, type InputIssue } from '../errors.ts';
import { accountKey, type Account } from './account.ts';
import { accountFields, parseAccountEntry } from './account-schema.ts';
import { readCsvEntries } from './read-csv.ts';
import type { RawEntries, RawEntry } from './raw-entries.ts';
import { readJsonEntries, readYamlEntries } from './read-structured.ts';

export type AccountsFormat = 'csv' | 'yaml' | 'json';

const formatByExtension: Record<string, AccountsFormat> = {
  '.csv': 'csv',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
};

const readers: Record<AccountsFormat, (text: string) => RawEntries> = {
  csv: readCsvEntries,
  yaml: readYamlEntries,
  json: readJsonEntries,
};

/**
 * Loads and validates an accounts register file (.csv, .yaml/.yml or .json, UTF-8).
 * All or nothing: if any entry is invalid, nothing is returned and the thrown
 * `InvalidInputError` lists every problem in the file with its line and field.
 */
export async function loadAccountsFile(path: string, options: LoadOptions = {}): Promise<Account[]> {
  const format = formatByExtension[extname(path).toLowerCase()];
  if (!format) {
    throw new InvalidInputError(`cannot tell the format of accounts file ${path}: name it .csv, .yaml, .yml or .json`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InvalidInputError(`accounts file ${path} does not exist`);
    if (code === 'EISDIR') throw new InvalidInputError(`accounts file ${path} is a directory`);
    throw err;
  }
  return parseAccountsText(decodeUtf8(bytes, path), format, `accounts file ${path}`, options);
}

export interface LoadOptions {
  /** The policies an entry may name. @defaultValue the built-in policies */
  policies?: PolicyBook;
}

/**
 * Parses and validates the text of an accounts register. Same all-or-nothing rule as
 * `loadAccountsFile`; line numbers in the issues are lines of `text`.
 */
export function parseAccounts(text: string, format: AccountsFormat, options: LoadOptions = {}): Account[] {
  return parseAccountsText(text, format, 'accounts file', options);
}

function parseAccountsText(text: string, format: AccountsFormat, label: string, { policies = DEFAULT_POLICY_BOOK }: LoadOptions): Account[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InvalidInputError(`${label} is empty`);

  const { entries, issues } = readers[format](body);
  const accounts: Account[] = [];
  for (const entry of entries) {
    const result = parseAccountEntry(entry.fields);
    const entryIssues = result.ok ? [] : [...result.issues];
    const policy = (entry.fields as Record<string, unknown> | null)?.['policy'];
    if (typeof policy === 'string' && policy.trim() !== '' && !policies.has(policy.trim()) && !entryIssues.some((i) => i.path[0] === 'policy')) {
      entryIssues.push({ path: ['policy'], message: `unknown policy "${policy.trim()}"; expected one of ${policies.names().join(', ')}` });
    }
    if (result.ok && entryIssues.length === 0) {
      accounts.push({ ...result.account, source: { line: entry.line } });
    } else {
      // In the order of the fields, as a person reads the entry.
      const rank = (path: readonly (string | number)[]) => ((i) => (i < 0 ? accountFields.length : i))(accountFields.indexOf(String(path[0]) as never));
      for (const issue of entryIssues.sort((a, b) => rank(a.path) - rank(b.path))) {
        issues.push({ line: entry.lineOf(issue.path), field: issue.path.join('.') || undefined, message: issue.message });
      }
    }
  }
  issues.push(...duplicateIssues(entries));

  if (issues.length) {
    throw new InvalidInputError(
      `${label} has ${issues.length} problem${issues.length === 1 ? '' : 's'}; no account was loaded`,
      sortByLine(issues),
    );
  }
  if (accounts.length === 0) throw new InvalidInputError(`${label} lists no accounts`);
  return accounts;
}

/** Flags each later entry with the same platform and normalised URL as an earlier one. */
function duplicateIssues(entries: readonly RawEntry[]): InputIssue[] {
  const firstLine = new Map<string, number>();
  const issues: InputIssue[] = [];
  for (const entry of entries) {
    const fields = entry.fields as Record<string, unknown> | null;
    const platform = fields?.['platform'];
    const url = fields?.['url'];
    if (typeof platform !== 'string' || typeof url !== 'string') continue;
    const key = accountKey(platform, url);
    if (key === null) continue;
    const first = firstLine.get(key);
    if (first === undefined) {
      firstLine.set(key, entry.line);
    } else {
      issues.push({
        line: entry.lineOf(['url']),
        field: 'url',
        message: `duplicate of the account on line ${first} (same platform and URL)`,
      });
    }
  }
  return issues;
}

function sortByLine(issues: readonly InputIssue[]): InputIssue[] {
  // Stable sort keeps each entry's issues in field order.
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Spreadsheets in China often save CSV as GBK; name the first bad line rather than show mojibake. */
function decodeUtf8(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new InvalidInputError(`accounts file ${path} is not UTF-8`, [
      { line, message: 'not UTF-8 text; save the file as UTF-8 (in Excel: "CSV UTF-8")' },
    ]);
  }
}
