import { InvalidInputError, type InputIssue } from '../../src/domain/errors.ts';
import type { AnyPlatformAdapter } from '../../src/platforms/adapter.ts';
import { validateOptions } from '../../src/platforms/parse-page.ts';

/** What validating `options` for `adapter` refuses, each with its field; none when they are valid. */
export function optionIssues(adapter: AnyPlatformAdapter, options: unknown): readonly InputIssue[] {
  try {
    validateOptions(adapter, options);
  } catch (err) {
    if (err instanceof InvalidInputError) return err.issues;
    throw err;
  }
  return [];
}
