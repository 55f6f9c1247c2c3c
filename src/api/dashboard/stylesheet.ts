/**
 * The dashboard's one stylesheet, served at `/dashboard.css` so the Content-Security-Policy can
 * stay `style-src 'self'` (no inline style). Plain and dense: a register of thousands is read
 * on a laptop screen; focus is always visible for keyboard use.
 */
export const DASHBOARD_CSS = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5b6574; --line: #d9dde3; --accent: #1f5fbf; --bg-alt: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--fg); }
header { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .6rem 1.5rem;
  border-bottom: 1px solid var(--line); background: var(--bg-alt); flex-wrap: wrap; }
header nav a, header .lang a { margin-left: .9rem; }
header .tools { display: flex; align-items: center; gap: 1rem; }
header form { margin: 0; }
main { padding: 1rem 1.5rem 3rem; max-width: 80rem; }
h1 { font-size: 1.4rem; margin: .4rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
a { color: var(--accent); }
a[aria-current] { font-weight: 600; color: var(--fg); text-decoration: none; }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
caption.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
th { background: var(--bg-alt); font-weight: 600; }
td.num, th.num { text-align: right; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1.5rem; }
.grid table { width: auto; min-width: 14rem; }
.status { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .85rem; background: #e8ebf0; white-space: nowrap; }
.status-zombie, .status-empty { background: #f7d4d4; }
.status-sleeping { background: #fbe3c4; }
.status-drifting { background: #fbf1c4; }
.status-active { background: #d7f0dc; }
.status-closed { background: #dcdcdc; }
.excerpt, .muted { color: var(--muted); }
.excerpt { max-width: 28rem; overflow-wrap: anywhere; }
form.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: flex-end; margin-bottom: 1rem; }
form.filters .field { display: flex; flex-direction: column; }
form.filters label { font-size: .85rem; color: var(--muted); }
input, select, button { font: inherit; padding: .25rem .45rem; }
button { cursor: pointer; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.5rem; max-width: 60rem; }
dt { color: var(--muted); }
dd { margin: 0; }
.error { color: #a40000; font-weight: 600; }
.pager { display: flex; gap: 1.5rem; margin-top: 1rem; }
.signin { max-width: 26rem; margin: 4rem auto; padding: 0 1rem; }
.signin input[type=password] { width: 100%; }
`;
