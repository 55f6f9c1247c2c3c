/**
 * How much text sleepwatch reads from users at most. Every limit is far above what a real
 * input needs and far below what would let one bad file stall a run or exhaust memory; each
 * is set in the environment (see `config.ts`), and each refusal names its setting.
 */
export interface InputLimits {
  /**
   * Largest CSV register, in bytes. CSV is read record by record from the file's bytes, so
   * memory grows with the file and not with its problems: 20 MiB holds over 100,000 accounts.
   */
  registerBytes: number;
  /**
   * Largest YAML or JSON file (a register, the policies file), in bytes. These are read
   * whole into a document tree that keeps every node's position for line numbers, some 80
   * times the file's size in memory: 1 MiB (about 10,000 accounts) keeps a run under 300 MB.
   * Larger registers belong in CSV.
   */
  yamlBytes: number;
  /** Accounts one register may list; reading stops at the first one past it. */
  registerAccounts: number;
  /** Longest name, unit, region and group, in characters: names of accounts and units are short. */
  textChars: number;
  /** Longest account URL, in characters (2,048: what browsers and servers reliably handle). */
  urlChars: number;
  /** Longest platform options, in characters of JSON: a few selectors fit many times over. */
  optionsChars: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  registerBytes: 20 * 1024 * 1024,
  yamlBytes: 1024 * 1024,
  registerAccounts: 100_000,
  textChars: 200,
  urlChars: 2048,
  optionsChars: 16 * 1024,
};

/** The environment variable of each limit, named in refusals so a user knows what to raise. */
export const LIMIT_SETTINGS: Record<keyof InputLimits, string> = {
  registerBytes: 'SLEEPWATCH_MAX_REGISTER_BYTES',
  yamlBytes: 'SLEEPWATCH_MAX_YAML_BYTES',
  registerAccounts: 'SLEEPWATCH_MAX_REGISTER_ACCOUNTS',
  textChars: 'SLEEPWATCH_MAX_TEXT_FIELD_CHARS',
  urlChars: 'SLEEPWATCH_MAX_URL_CHARS',
  optionsChars: 'SLEEPWATCH_MAX_OPTIONS_CHARS',
};
