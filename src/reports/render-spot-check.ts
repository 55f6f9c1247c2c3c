import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../domain/locale.ts';
import type { SpotCheckReport, SpotCheckRow, Tally } from './spot-check.ts';
import { ATTACHMENT_HEADERS } from './spot-check-words.ts';

export type ReportFormat = 'csv' | 'md' | 'html' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['csv', 'md', 'html', 'json'];

/** The report in one format. CSV is the attachment table alone, with a BOM so that Excel reads it as UTF-8. */
export function renderSpotCheck(report: SpotCheckReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return `\uFEFF${stringify([ATTACHMENT_HEADERS[report.locale], ...report.rows.map(attachmentCells)])}`;
    case 'md':
      return markdown(report);
    case 'html':
      return html(report);
  }
}

/** One attachment row's cells, in ATTACHMENT_HEADERS order. */
export function attachmentCells(row: SpotCheckRow): string[] {
  return [
    String(row.index),
    row.region,
    row.unit,
    row.name,
    row.platform,
    row.problemText,
    row.description,
    row.lastUpdated,
    row.conclusionText,
  ];
}

interface Words {
  title: string;
  summary: (r: SpotCheckReport) => string;
  tallyHeaders: string[];
  byPlatform: string;
  byUnit: string;
  byRegion: string;
  singleVeto: string;
  otherProblems: string;
  none: string;
  attachment: string;
  notDeterminableNote: string;
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

const WORDS: Record<Locale, Words> = {
  'zh-CN': {
    title: '政务新媒体抽查情况通报',
    summary: (r) =>
      `检查时间 ${r.checkTime}。全部 ${r.scope} 个账号，抽查 ${r.sampleSize} 个，抽查比例 ${percent(r.sampleShare)}；` +
      `合格 ${r.overall.passed} 个，不合格 ${r.overall.failed} 个，无法判定 ${r.overall.notDeterminable} 个，合格率 ${percent(r.overall.rate)}。` +
      `随机种子 ${r.seed}${r.stratifiedBy ? `，按${({ platform: '平台', unit: '开设主体', region: '地区' } as const)[r.stratifiedBy]}分层` : ''}。`,
    tallyHeaders: ['', '抽查', '合格', '不合格', '无法判定', '合格率'],
    byPlatform: '分平台情况',
    byUnit: '分开设主体情况',
    byRegion: '分地区情况',
    singleVeto: '单项否决（检查时点前超过红线无更新）',
    otherProblems: '其他问题（空壳、僵尸、关停未说明迁移去向）',
    none: '无',
    attachment: '附件：抽查结果',
    notDeterminableNote: '“无法判定”的账号在检查时点前没有可用的采集记录，既不计为合格也不计为不合格，不计入合格率。',
  },
  en: {
    title: 'Spot-check report',
    summary: (r) =>
      `Check time ${r.checkTime}. ${r.scope} accounts in scope, ${r.sampleSize} sampled (${percent(r.sampleShare)}); ` +
      `${r.overall.passed} passed, ${r.overall.failed} failed, ${r.overall.notDeterminable} not determinable; ` +
      `pass rate ${percent(r.overall.rate)}. ` +
      `Seed ${r.seed}${r.stratifiedBy ? `, stratified by ${r.stratifiedBy}` : ''}.`,
    tallyHeaders: ['', 'Sampled', 'Passed', 'Failed', 'Not determinable', 'Pass rate'],
    byPlatform: 'By platform',
    byUnit: 'By operator',
    byRegion: 'By region',
    singleVeto: 'Single veto (silent past the red line at the check time)',
    otherProblems: 'Other problems (empty shells, zombies, closure notices naming no successor)',
    none: 'None',
    attachment: 'Attachment: results',
    notDeterminableNote:
      'Accounts "not determinable" had no usable look before the check time: they neither pass nor fail and are left out of the pass rate.',
  },
};

interface Table {
  headers: readonly string[];
  rows: string[][];
}

/** The report's sections in order, shared by the Markdown and HTML renderings. */
function sections(report: SpotCheckReport): Array<{ heading: string; table: Table | null }> {
  const w = WORDS[report.locale];
  const tallyTable = (groups: Record<string, Tally>): Table => ({
    headers: w.tallyHeaders,
    rows: Object.entries(groups).map(([name, t]) => [
      name || '—',
      String(t.sampled),
      String(t.passed),
      String(t.failed),
      String(t.notDeterminable),
      percent(t.rate),
    ]),
  });
  const listed = (rows: SpotCheckRow[]): Table | null =>
    rows.length ? { headers: ATTACHMENT_HEADERS[report.locale], rows: rows.map(attachmentCells) } : null;
  return [
    { heading: w.byPlatform, table: tallyTable(report.byPlatform) },
    { heading: w.byUnit, table: tallyTable(report.byUnit) },
    { heading: w.byRegion, table: tallyTable(report.byRegion) },
    { heading: w.singleVeto, table: listed(report.singleVeto) },
    { heading: w.otherProblems, table: listed(report.otherProblems) },
    { heading: w.attachment, table: listed(report.rows) },
  ];
}

function markdown(report: SpotCheckReport): string {
  const w = WORDS[report.locale];
  // Markdown passes raw HTML through to the page: names are register data, so < > & become entities too.
  const text = (t: string) => t.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  const cell = (t: string) => text(t).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const table = (t: Table) =>
    [
      `| ${t.headers.map(cell).join(' | ')} |`,
      `|${t.headers.map(() => '---').join('|')}|`,
      ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ].join('\n');
  const body = sections(report).map((s) => `## ${s.heading}\n\n${s.table ? table(s.table) : w.none}\n`);
  return [`# ${w.title}\n`, `${text(w.summary(report))}\n`, `${w.notDeterminableNote}\n`, ...body].join('\n');
}

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function html(report: SpotCheckReport): string {
  const w = WORDS[report.locale];
  const table = (t: Table) =>
    `<table>\n<thead><tr>${t.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n` +
    t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n') +
    '\n</tbody>\n</table>';
  const body = sections(report)
    .map((s) => `<h2>${escapeHtml(s.heading)}</h2>\n${s.table ? table(s.table) : `<p>${escapeHtml(w.none)}</p>`}`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${report.locale}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(w.title)}</title>
<style>
body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
</style>
</head>
<body>
<h1>${escapeHtml(w.title)}</h1>
<p>${escapeHtml(w.summary(report))}</p>
<p>${escapeHtml(w.notDeterminableNote)}</p>
${body}
</body>
</html>
`;
}
