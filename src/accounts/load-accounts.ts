import { isUtf8 } from 'node:buffer';
import { extname } from 'node:path';
import { DEFAULT_POLICY_BOOK, type PolicyBook } from '../activity/policies.ts';
import { PLATFORM_SETTINGS_VAR } from '../crawlers/access-settings-file.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { DEFAULT_INPUT_LIMITS, LIMIT_SETTINGS, type InputLimits } from '../input/input-limits.ts';
import { IssueList } from '../input/issue-list.ts';
import { quoted } from '../input/quote.ts';
import { readBounded, readInputFile, type SizeLimit } from '../input/read-bounded.ts';
import { accountKey, type Account } from './account.ts';
import { ACCOUNTS_FORMATS, type AccountsFormat } from './accounts-format.ts';
import { accountFields, parseAccountEntry, type AccountEntryIssue } from './account-schema.ts';
import { readCsvEntries } from './read-csv.ts';
import { StopReading, type EntryReader, type EntrySink, type RawEntry } from './raw-entries.ts';
import { readJsonEntries, readYamlEntries } from './read-structured.ts';

export { ACCOUNTS_FORMATS, type AccountsFormat } from './accounts-format.ts';

const formatByExtension: Record<string, AccountsFormat> = {
  '.csv': 'csv',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
};

/** CSV is read from the bytes as they are; YAML and JSON, held to a smaller size, as text. */
const readers: Record<AccountsFormat, EntryReader> = {
  csv: readCsvEntries,
  yaml: (bytes, sink) => readYamlEntries(bytes.toString('utf8'), sink),
  json: (bytes, sink) => readJsonEntries(bytes.toString('utf8'), sink),
};

export interface LoadOptions {
  /** The policies an entry may name. @defaultValue the built-in policies */
  policies?: PolicyBook;
  /** @defaultValue `DEFAULT_INPUT_LIMITS` */
  limits?: InputLimits;
  /** The access profiles an entry may name (SLEEPWATCH_PLATFORM_SETTINGS). @defaultValue none */
  accessProfiles?: { hasProfile(name: string): boolean; profileNames(): string[] };
}

export interface SourceOptions extends LoadOptions {
  /** The file's format; without it, told by the file's extension. Standard input needs it. */
  format?: AccountsFormat;
  /** What the source `-` reads. @defaultValue process.stdin */
  stdin?: AsyncIterable<Buffer | string>;
}

/**
 * Loads and validates an accounts register: a file (.csv, .yaml/.yml or .json, UTF-8), or
 * standard input for `-`. All or nothing: if any entry is invalid, nothing is returned and
 * the thrown `InvalidInputError` lists the problems with their line and field (the first
 * hundred, and how many more). Too large a source is refused before it is read.
 */
export async function loadAccountsFile(source: string, options: SourceOptions = {}): Promise<Account[]> {
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  if (source === '-') {
    const format = options.format;
    if (!format)
      throw new InvalidInputError(
        `cannot tell the format of the accounts register on standard input: give it with --input-format ${ACCOUNTS_FORMATS.join('|')}`,
      );
    const bytes = await readBounded(options.stdin ?? process.stdin, 'the accounts register on standard input', sizeLimit(format, limits));
    return parseRegister(bytes, format, 'the accounts register on standard input', { ...options, limits });
  }
  let format = options.format;
  const bytes = await readInputFile(source, 'accounts file', () => {
    format ??= formatByExtension[extname(source).toLowerCase()];
    if (!format) {
      throw new InvalidInputError(
        `cannot tell the format of accounts file ${source}: name it .csv, .yaml, .yml or .json, or give --input-format`,
      );
    }
    return sizeLimit(format, limits);
  });
  return parseRegister(bytes, format!, `accounts file ${source}`, { ...options, limits });
}

/** YAML and JSON are read into a document tree, CSV record by record: see `InputLimits`. */
function sizeLimit(format: AccountsFormat, limits: InputLimits): SizeLimit {
  const key = format === 'csv' ? 'registerBytes' : 'yamlBytes';
  return { bytes: limits[key], setting: LIMIT_SETTINGS[key] };
}

/**
 * Parses and validates the text of an accounts register. Same all-or-nothing rule as
 * `loadAccountsFile`; line numbers in the issues are lines of `text`.
 */
export function parseAccounts(text: string, format: AccountsFormat, options: LoadOptions = {}): Account[] {
  return parseRegister(Buffer.from(text, 'utf8'), format, 'accounts file', options);
}

/**
 * `parseAccounts` for a register as it arrived (an HTTP request's body), checked to be UTF-8
 * like a file: decoding it first would turn a GBK register into replacement characters.
 * `label` names it in the error ("the accounts register").
 */
export function parseAccountsBytes(bytes: Buffer, format: AccountsFormat, label: string, options: LoadOptions = {}): Account[] {
  return parseRegister(bytes, format, label, options);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function parseRegister(bytes: Buffer, format: AccountsFormat, label: string, options: LoadOptions): Account[] {
  assertUtf8(bytes, label);
  const body = bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes;
  if (isBlank(body)) throw new InvalidInputError(`${label} is empty`);
  const collector = new RegisterCollector(options);
  readers[format](body, collector, collector.limits);
  return collector.result(label);
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  return true;
}

/**
 * Validates entries as a reader finds them. Memory stays bounded whatever the file holds:
 * problems beyond the first hundred are only counted, valid accounts are kept only while no
 * problem has been found (after one, none will be loaded), and reading stops past the
 * limit on accounts.
 */
class RegisterCollector implements EntrySink {
  readonly limits: InputLimits;
  readonly #policies: PolicyBook;
  readonly #access: NonNullable<LoadOptions['accessProfiles']> | undefined;
  readonly #issues = new IssueList();
  #accounts: Account[] = [];
  #entries = 0;
  /** Normalised platform + URL → line of its first entry, for duplicates. */
  readonly #firstLine = new Map<string, number>();

  constructor({ policies = DEFAULT_POLICY_BOOK, limits = DEFAULT_INPUT_LIMITS, accessProfiles }: LoadOptions) {
    this.#policies = policies;
    this.#access = accessProfiles;
    this.limits = limits;
  }

  issue = (issue: Parameters<EntrySink['issue']>[0]): void => {
    this.#issues.add(issue);
    this.#accounts = [];
  };

  entry = (entry: RawEntry): void => {
    if (++this.#entries > this.limits.registerAccounts) {
      this.issue({
        line: entry.line,
        message:
          `more than ${this.limits.registerAccounts.toLocaleString('en')} accounts (${LIMIT_SETTINGS.registerAccounts}); ` +
          'the rest of the file was not read',
      });
      throw new StopReading();
    }
    const result = parseAccountEntry(entry.fields, this.limits);
    const entryIssues: AccountEntryIssue[] = result.ok ? [] : [...result.issues];
    const fields = entry.fields as Record<string, unknown> | null;
    const policy = fields?.['policy'];
    if (
      !entryIssues.some((i) => i.path[0] === 'policy') &&
      typeof policy === 'string' &&
      policy.trim() !== '' &&
      !this.#policies.has(policy.trim())
    ) {
      entryIssues.push({
        path: ['policy'],
        message: `unknown policy ${quoted(policy.trim())}; expected one of ${this.#policies.names().join(', ')}`,
      });
    }
    const access = fields?.['access'];
    if (!entryIssues.some((i) => i.path[0] === 'access') && typeof access === 'string' && access.trim() !== '') {
      const known = this.#access?.profileNames() ?? [];
      if (!this.#access?.hasProfile(access.trim())) {
        entryIssues.push({
          path: ['access'],
          message: `unknown access profile ${quoted(access.trim())}; ${
            known.length ? `expected one of ${known.join(', ')}` : `${PLATFORM_SETTINGS_VAR} defines no profiles`
          }`,
        });
      }
    }
    // In the order of the fields, as a person reads the entry.
    for (const issue of entryIssues.sort((a, b) => fieldRank(a.path) - fieldRank(b.path))) {
      this.issue({ line: entry.lineOf(issue.path), field: issue.path.join('.') || undefined, message: issue.message });
    }
    this.#checkDuplicate(entry, fields);
    if (result.ok && this.#issues.count === 0) this.#accounts.push({ ...result.account, source: { line: entry.line } });
  };

  /** Flags an entry with the same platform and normalised URL as an earlier one. */
  #checkDuplicate(entry: RawEntry, fields: Record<string, unknown> | null): void {
    const platform = fields?.['platform'];
    const url = fields?.['url'];
    // Too long a value is already refused; normalising it would cost what its limit saves.
    if (typeof platform !== 'string' || typeof url !== 'string' || url.length > this.limits.urlChars || platform.length > 100) return;
    const key = accountKey(platform, url);
    if (key === null) return;
    const first = this.#firstLine.get(key);
    if (first === undefined) {
      this.#firstLine.set(key, entry.line);
    } else {
      this.issue({
        line: entry.lineOf(['url']),
        field: 'url',
        message: `duplicate of the account on line ${first} (same platform and URL)`,
      });
    }
  }

  result(label: string): Account[] {
    this.#issues.throwIfAny(label, '; no account was loaded');
    if (this.#accounts.length === 0) throw new InvalidInputError(`${label} lists no accounts`);
    return this.#accounts;
  }
}

function fieldRank(path: readonly string[]): number {
  const i = accountFields.indexOf(path[0] as never);
  return i < 0 ? accountFields.length : i;
}

/** Spreadsheets in China often save CSV as GBK; name the first bad line rather than show mojibake. */
function assertUtf8(bytes: Buffer, label: string): void {
  if (isUtf8(bytes)) return;
  // Some line is not UTF-8 (0x0a is never part of a UTF-8 character, so lines can be judged apart).
  let line = 1;
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end >= 0 && isUtf8(bytes.subarray(start, end)); end = bytes.indexOf(0x0a, start)) {
    line++;
    start = end + 1;
  }
  throw new InvalidInputError(`${label} is not UTF-8`, [
    { line, message: 'not UTF-8 text; save the file as UTF-8 (in Excel: "CSV UTF-8")' },
  ]);
}
