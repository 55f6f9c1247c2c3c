import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { InvalidInputError } from '../domain/errors.ts';

/** A size limit and the setting that raises it. */
export interface SizeLimit {
  bytes: number;
  setting: string;
}

/**
 * Reads a file of user input, `what` naming it in messages ("accounts file"). The size is
 * checked before reading; a pipe or device (`<(…)`, `/dev/zero`) has no size to check, and is
 * read only up to the limit. The limit may depend on what the file
 * is (its format, told by its name): it is asked for once the path is known to be no folder.
 */
export async function readInputFile(path: string, what: string, limit: SizeLimit | (() => SizeLimit)): Promise<Buffer> {
  const label = `${what} ${path}`;
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (err) {
    throw unreadable(err, label);
  }
  if (stats.isDirectory()) throw new InvalidInputError(`${label} is a directory`);
  const bound = typeof limit === 'function' ? limit() : limit;
  checkSize(stats, label, bound);
  if (!stats.isFile()) return readBounded(createReadStream(path), label, bound);
  try {
    // Read into one buffer of the size just checked (Node reads a regular file no further than that).
    return await readFile(path);
  } catch (err) {
    throw unreadable(err, label);
  }
}

/** `readInputFile` for start-up, which reads its files before anything runs; regular files only. */
export function readInputFileSync(path: string, what: string, limit: SizeLimit): Buffer {
  const label = `${what} ${path}`;
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (err) {
    throw unreadable(err, label);
  }
  if (stats.isDirectory()) throw new InvalidInputError(`${label} is a directory`);
  if (!stats.isFile()) throw new InvalidInputError(`${label} is not a regular file`);
  checkSize(stats, label, limit);
  try {
    return readFileSync(path);
  } catch (err) {
    throw unreadable(err, label);
  }
}

/** Reads a stream to its end, stopping (and closing it) as soon as it passes the limit. */
export async function readBounded(stream: AsyncIterable<Buffer | string>, label: string, limit: SizeLimit): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      // Leaving the loop closes the stream: a writer on the other end gets EPIPE, not a wait.
      if (size > limit.bytes) throw tooLarge(`${label} is larger than`, limit);
      chunks.push(bytes);
    }
  } catch (err) {
    if (err instanceof InvalidInputError) throw err;
    throw unreadable(err, label);
  }
  return Buffer.concat(chunks, size);
}

function checkSize(stats: Stats, label: string, limit: SizeLimit): void {
  if (stats.size > limit.bytes) throw tooLarge(`${label} is ${stats.size.toLocaleString('en')} bytes, larger than`, limit);
}

function tooLarge(what: string, limit: SizeLimit): InvalidInputError {
  return new InvalidInputError(`${what} the limit of ${limit.bytes.toLocaleString('en')} bytes (${limit.setting}); nothing was loaded`);
}

function unreadable(err: unknown, label: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InvalidInputError(`${label} does not exist`);
  if (code === 'EISDIR') return new InvalidInputError(`${label} is a directory`);
  if (code === 'EACCES' || code === 'EPERM') return new InvalidInputError(`${label} cannot be read: permission denied`);
  return err instanceof Error ? err : new Error(String(err));
}
