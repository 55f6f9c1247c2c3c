import { describe, expect, it } from 'vitest';
import { readXmlDocument } from './xml-structure.ts';

const broken = (xml: string) => readXmlDocument(xml).broken;

describe('XML structure check', () => {
  it('finds nothing wrong in a feed that closes what it opens, self-closing tags, CDATA, comments and instructions included', () => {
    const feed = `<?xml version="1.0"?>
<rss version="2.0"><!-- generator -->
<channel><title>T</title><atom:link href="https://x.example/feed" rel="self"/>
<item><title>A</title><description><![CDATA[<p>open <br> and </b> close tags inside CDATA are text</p>]]></description>
<enclosure url="https://x.example/a.mp3" length="1" type="audio/mpeg" /></item>
<?xml-stylesheet href="s.css"?></channel></rss>`;
    expect(broken(feed)).toBeNull();
  });

  it('names a garbled end tag, where it breaks the structure first', () => {
    expect(broken('<rss><channel>\n<title>News</titl?>\n<item><title>a</title></item></channel></rss>')).toBe(
      'the end tag </titl?> on line 2 closes no open element',
    );
  });

  it('names an element whose end tag is missing, and the line of its start tag', () => {
    expect(broken('<rss><channel>\n<title>News\n<item><title>a</title></item></channel></rss>')).toBe(
      '<title> on line 2 is not closed by its own end tag',
    );
  });

  it('names an end tag left without its element when a start tag was garbled', () => {
    expect(broken('<rss><channel>\n<?tem><title>a</title>\n</item></channel></rss>')).toBe(
      'the end tag </item> on line 3 closes no open element',
    );
  });

  it('names an element closed by its parent’s end tag, even right after it opened', () => {
    expect(broken('<a><b></a>')).toBe('<b> on line 1 is not closed by its own end tag');
  });

  it('names an element the document never closes', () => {
    expect(broken('<rss><channel></channel>')).toBe('<rss> on line 1 is not closed by its own end tag');
  });
});
