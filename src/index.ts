/**
 * sleepwatch as a library: the parsing helpers, the page parser and the types they return.
 */
export { parseCount, type CountReading } from './parsing/count.ts';
export { parseDate, type DateReading, type ParseDateOptions } from './parsing/date.ts';
export { parsePage, type ParsePageOptions } from './platforms/parse-page.ts';
export { platformIds } from './platforms/registry.ts';
export { judge, type Judgement } from './activity/status.ts';
export { STATUSES, type Status } from './domain/account-status.ts';
export { GOV_CN, policyNamed, type Policy } from './activity/policies.ts';
export type { Observation, ObservedPost, Outcome, Precision } from './domain/observation.ts';
export type { PlatformAdapter, PageRequest, FetchedPage, PageReading, ParseContext, Fetcher } from './platforms/adapter.ts';
export {
  SleepwatchError,
  InvalidInputError,
  PageMismatchError,
  BlockedPageError,
  ForbiddenTargetError,
  ResponseTooLargeError,
} from './domain/errors.ts';
