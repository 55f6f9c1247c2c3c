/**
 * sleepwatch as a library: the parsing helpers, the page parser and the types they return.
 */
export { parseCount, type CountReading } from './parsing/count.ts';
export { parseDate, type DateReading, type ParseDateOptions } from './parsing/date.ts';
export { parsePage, type ParsePageOptions } from './platforms/parse-page.ts';
export { platformIds } from './platforms/registry.ts';
export { judge, STATUSES, type Judgement, type Status } from './activity/status.ts';
export { GOV_CN, policyNamed, type Policy } from './activity/policies.ts';
export type { Observation, ObservedPost, Outcome, Precision } from './observation.ts';
export type { PlatformAdapter, PageRequest, FetchedPage, PageReading, ParseContext, Fetcher } from './platforms/adapter.ts';
export {
  SleepwatchError,
  InvalidInputError,
  PageMismatchError,
  BlockedPageError,
  ForbiddenTargetError,
  ResponseTooLargeError,
} from './errors.ts';
