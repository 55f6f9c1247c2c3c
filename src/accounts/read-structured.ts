import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { InputIssue } from '../domain/errors.ts';
import { clipped } from '../input/quote.ts';
import { oneLineMessage, StopReading, type EntrySink } from './raw-entries.ts';

/**
 * Reads an accounts YAML file: a list of mappings, or a mapping with an `accounts:` list.
 * Values come from the YAML document; lines from its node positions.
 */
export function readYamlEntries(text: string, sink: EntrySink): void {
  const lineCounter = new LineCounter();
  // Merge keys let a register share settings: `- <<: *telegram-defaults`.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, merge: true });
  if (doc.errors.length) return doc.errors.forEach((err) => sink.issue(yamlErrorIssue(err)));
  readEntries(doc.toJS(), doc, lineCounter, sink);
}

/**
 * Reads an accounts JSON file: an array, or an object with an `accounts` array. Values
 * come from `JSON.parse` (so JSON means exactly JSON); lines come from parsing the same
 * text as YAML 1.2, of which JSON is a subset.
 */
export function readJsonEntries(text: string, sink: EntrySink): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return sink.issue(jsonErrorIssue(text, err as SyntaxError));
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  // Valid JSON that YAML rejects: in practice a key given twice, which JSON.parse silently resolves.
  if (doc.errors.length) return doc.errors.forEach((err) => sink.issue(yamlErrorIssue(err)));
  readEntries(value, doc, lineCounter, sink);
}

const SHAPE = 'expected a list of accounts, or a mapping with an "accounts" list';

interface AccountList {
  values: unknown[];
  nodes: readonly unknown[];
  issues: InputIssue[];
}

function readEntries(value: unknown, doc: Document, lines: LineCounter, sink: EntrySink): void {
  const lineAt = (node: unknown, fallback: number): number => {
    const range = (node as Node | null | undefined)?.range;
    return range ? lines.linePos(range[0]).line : fallback;
  };
  const { values, nodes, issues } = findAccountList(value, doc, lineAt);
  for (const issue of issues) sink.issue(issue);
  try {
    values.forEach((fields, i) => {
      const itemNode = nodes[i];
      const line = lineAt(itemNode, 1);
      sink.entry({ line, fields, lineOf: (path) => lineAt(nodeAt(itemNode, path), line) });
    });
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
  }
}

/** The accounts list at the top level, or under `accounts:`, with its nodes for positions. */
function findAccountList(value: unknown, doc: Document, lineAt: (node: unknown, fallback: number) => number): AccountList {
  const root = doc.contents;
  if (value === null || value === undefined) return { values: [], nodes: [], issues: [] };
  if (Array.isArray(value) && isSeq(root)) return { values: value, nodes: root.items, issues: [] };
  if (typeof value !== 'object' || !isMap(root)) {
    return { values: [], nodes: [], issues: [{ line: lineAt(root, 1), message: SHAPE }] };
  }

  const issues: InputIssue[] = [];
  for (const pair of root.items) {
    const key = (pair.key as { value?: unknown } | null)?.value;
    if (key !== 'accounts') {
      issues.push({ line: lineAt(pair.key, 1), field: clipped(String(key), 40), message: `unknown top-level key; ${SHAPE}` });
    }
  }
  const list = (value as Record<string, unknown>)['accounts'];
  const listNode = root.get('accounts', true);
  if (list === undefined || list === null) return { values: [], nodes: [], issues };
  if (!Array.isArray(list) || !isSeq(listNode)) {
    issues.push({ line: lineAt(listNode, 1), field: 'accounts', message: 'expected a list of accounts' });
    return { values: [], nodes: [], issues };
  }
  return { values: list, nodes: listNode.items, issues };
}

/** The deepest node along a field path; a missing field resolves to its nearest parent. */
function nodeAt(node: unknown, path: readonly string[]): unknown {
  let current: unknown = node;
  for (const segment of path) {
    let next: unknown;
    if (isMap(current)) {
      const pair = current.items.find((p) => (p.key as { value?: unknown } | null)?.value === segment);
      next = pair?.key;
      // Descend through the value, but point at the key: that is the line a user looks for.
      if (pair && (isMap(pair.value) || isSeq(pair.value)) && segment !== path.at(-1)) next = pair.value;
    } else if (isSeq(current) && /^\d+$/.test(segment)) {
      next = current.items[Number(segment)];
    }
    if (!next) break;
    current = next;
  }
  return current;
}

function yamlErrorIssue(err: YAMLError): InputIssue {
  return { line: err.linePos?.[0].line, message: `not valid YAML: ${oneLineMessage(err.message)}` };
}

/** V8 says "at position N" (and newer engines "line L column C"); users need the line. */
function jsonErrorIssue(text: string, err: SyntaxError): InputIssue {
  const message = err.message.replace(/\s*\(line \d+ column \d+\)/, '');
  const position = /at position (\d+)/.exec(message);
  if (!position) return { line: text.split('\n').length, message: `not valid JSON: ${message}` };
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { line, message: `not valid JSON at column ${column}: ${message.replace(/\s*in JSON at position \d+/, '')}` };
}
