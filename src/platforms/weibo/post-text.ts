import { Parser } from 'htmlparser2';
import { excerpt } from '../excerpt.ts';
import { NestingGuard } from '../markup/nesting-guard.ts';

/**
 * A post's excerpt from the HTML of its `text`: links and hashtags as their words, each
 * `<br>` as a space, and emoticons, which are images, as the "[偷笑]" their `alt` spells, the
 * way Weibo writes them in plain text.
 */
export function postExcerpt(html: string): string | null {
  let text = '';
  const nesting = new NestingGuard();
  const parser = new Parser({
    ontext(data) {
      text += data;
    },
    onopentag(name, attributes) {
      nesting.open();
      if (name === 'br') text += ' ';
      if (name === 'img' && attributes.alt) text += attributes.alt;
    },
    onclosetag() {
      nesting.close();
    },
  });
  parser.end(html);
  return excerpt(text);
}
