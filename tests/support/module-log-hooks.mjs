// Node module hooks: append the URL of every module the process loads to the file named by
// MODULE_LOG_FILE, so that a test can tell what a command loaded before it answered.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  appendFileSync(process.env.MODULE_LOG_FILE, `${url}\n`);
  return nextLoad(url, context);
}
