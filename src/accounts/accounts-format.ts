// Apart from the loader so that the command line can offer the choices without loading the parsers.
export const ACCOUNTS_FORMATS = ['csv', 'yaml', 'json'] as const;
export type AccountsFormat = (typeof ACCOUNTS_FORMATS)[number];
