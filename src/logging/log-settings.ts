/** The settings of the logs, apart from the logger so that reading the configuration loads no logging library. */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * `json`: one JSON object a line, for collectors. `pretty`: one readable line per record, for a
 * terminal. `auto`: pretty on a terminal, JSON otherwise.
 */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
