import { hasChildren, isComment, isTag, isText, type AnyNode, type Element } from 'domhandler';
import { cleanText } from '../excerpt.ts';

/** Elements whose text is no part of what a post says. */
const HIDDEN_TAGS = new Set(['script', 'style', 'template']);

/** Elements whose edges separate words on screen even when the markup puts no space there. */
const WORD_BOUNDARY_TAGS = new Set([
  'p',
  'div',
  'br',
  'li',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'span',
  'a',
  'time',
  'button',
  'label',
]);

/**
 * The post's text for its excerpt: element edges kept as spaces ("<p>a</p><p>b</p>" reads
 * "a b"), scripts and styles left out, and so are the elements `leftOut` names with everything
 * in them: the post's times, since the excerpt should start with what the post says, and post
 * items nested in it.
 */
export function postText(item: Element, leftOut: (element: Element) => boolean): string {
  const parts: string[] = [];
  for (const child of item.children) collectText(child, leftOut, parts);
  return cleanText(parts.join(''));
}

function collectText(node: AnyNode, leftOut: (element: Element) => boolean, parts: string[]): void {
  if (isText(node)) {
    parts.push(node.data);
  } else if (isTag(node)) {
    if (HIDDEN_TAGS.has(node.name) || leftOut(node)) return;
    const boundary = WORD_BOUNDARY_TAGS.has(node.name);
    if (boundary) parts.push(' ');
    for (const child of node.children) collectText(child, leftOut, parts);
    if (boundary) parts.push(' ');
  } else if (hasChildren(node) && !isComment(node)) {
    for (const child of node.children) collectText(child, leftOut, parts);
  }
}
