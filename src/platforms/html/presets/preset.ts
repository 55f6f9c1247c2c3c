/** The options a preset sets; the same names and meanings as the html adapter's account options. */
export interface PresetOptions {
  lastPost: string;
  followers?: string;
  postsCount?: string;
  posts?: string;
  empty?: string;
  name?: string;
  jsonScript?: string;
  waitFor?: string;
  render?: 'http' | 'browser';
}

/** A named set of html options for one kind of page: data, not code. */
export interface HtmlPreset {
  id: string;
  /** The page it is written for, as a URL pattern. */
  page: string;
  /** What it reads, and from where on the page. */
  reads: string;
  /** What it cannot read, or reads only sometimes. */
  limits: string;
  options: PresetOptions;
}
