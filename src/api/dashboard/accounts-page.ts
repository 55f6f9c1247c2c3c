import { STATUSES, type Status } from '../../domain/account-status.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { STATUS_NAMES } from '../../domain/status-names.ts';
import { ACCOUNT_SORTS, defaultOrder, listAccountsPage, type AccountSort, type SortOrder } from '../../store/accounts-list-query.ts';
import { countAccountsBy } from '../../store/dashboard-counts.ts';
import { accountCursor } from '../account-cursor.ts';
import { accountView } from '../account-view.ts';
import type { ApiContext } from '../api-context.ts';
import { encodeCursor } from '../pagination.ts';
import { accountsTable } from './account-cells.ts';
import { html, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';
import type { Messages } from './messages.ts';

const PAGE_SIZE = 50;

/** The list's parameters as a form sends them; anything unknown is ignored rather than refused: a page answers, it does not validate. */
export interface AccountsQuery {
  status?: Status;
  platform?: string;
  unit?: string;
  q?: string;
  sort: AccountSort;
  order?: SortOrder;
  cursor?: string;
}

export function parseAccountsQuery(raw: Record<string, unknown>): AccountsQuery {
  const text = (key: string) => {
    const value = raw[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 500) : undefined;
  };
  const status = STATUSES.find((s) => s === text('status'));
  const sort = ACCOUNT_SORTS.find((s) => s === text('sort')) ?? 'daysSilent';
  const order = (['asc', 'desc'] as const).find((o) => o === text('order'));
  const [platform, unit, q, cursor] = [text('platform'), text('unit'), text('q'), text('cursor')];
  return {
    sort,
    ...(status ? { status } : {}),
    ...(platform ? { platform } : {}),
    ...(unit ? { unit } : {}),
    ...(q ? { q } : {}),
    ...(order ? { order } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

function sortLabel(t: Messages, sort: AccountSort): string {
  const labels: Record<AccountSort, string> = {
    daysSilent: t.daysSilent,
    daysToRedLine: t.daysToRedLine,
    name: t.name,
    status: t.status,
    lastPostAt: t.lastPost,
    followers: t.followers,
    lastCheckedAt: t.lastChecked,
    id: 'ID',
  };
  return labels[sort];
}

/** `/accounts`: the register, filtered, sorted and paged by keyset by the same query as `GET /api/accounts`. */
export async function accountsPage(context: ApiContext, ctx: PageContext, query: AccountsQuery, scopeUnit: string | null): Promise<Html> {
  const { db } = context.store;
  const { policies } = context.config;
  const { t } = ctx;
  const order = query.order ?? defaultOrder(query.sort, policies);
  let after: string[] | undefined;
  try {
    after = query.cursor === undefined ? undefined : accountCursor(query.cursor, query.sort, order, policies);
  } catch (err) {
    // A cursor of another sort (the form changed under it) starts the list over.
    if (!(err instanceof InvalidInputError)) throw err;
  }
  const [list, platforms, units] = await Promise.all([
    listAccountsPage(db, policies, {
      filter: {
        ...(query.status ? { statuses: [query.status] } : {}),
        ...(query.platform ? { platform: query.platform } : {}),
        ...(query.unit ? { unit: query.unit } : {}),
        ...(query.q ? { text: query.q } : {}),
        scopeUnit,
      },
      sort: query.sort,
      order,
      limit: PAGE_SIZE,
      after,
      withTotal: true,
    }),
    countAccountsBy(db, 'platform', scopeUnit),
    countAccountsBy(db, 'unit', scopeUnit),
  ]);
  const filters = new URLSearchParams();
  for (const key of ['status', 'platform', 'unit', 'q', 'sort', 'order'] as const) {
    const value = query[key];
    if (value !== undefined) filters.set(key, value);
  }
  const next = list.next ? new URLSearchParams(filters) : undefined;
  next?.set('cursor', encodeCursor([query.sort, order, ...list.next!.keys, list.next!.id]));
  // The label beside its control rather than around it: the control's name is then the label's text alone.
  const field = (id: string, label: string, control: Html) => html`<div class="field"><label for="${id}">${label}</label>${control}</div>`;
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}" ${selected ? html` selected` : ''}>${label}</option>`;
  return page(
    ctx,
    t.accounts,
    html`<form class="filters" method="get" action="/accounts" role="search">
        ${field('f-q', t.text, html`<input id="f-q" type="search" name="q" value="${query.q ?? ''}" />`)}
        ${field(
          'f-status',
          t.status,
          html`<select id="f-status" name="status">
            ${option('', t.anyStatus, !query.status)}${STATUSES.map((s) => option(s, STATUS_NAMES[ctx.locale][s], s === query.status))}
          </select>`,
        )}
        ${field(
          'f-platform',
          t.platform,
          html`<select id="f-platform" name="platform">
            ${option('', '—', !query.platform)}${platforms.map((p) => option(p.value ?? '', p.value ?? '', p.value === query.platform))}
          </select>`,
        )}
        ${field('f-unit', t.unit, html`<input id="f-unit" name="unit" list="units" value="${query.unit ?? ''}" />`)}
        <datalist id="units">${units.filter((u) => u.value !== null).map((u) => html`<option value="${u.value}"></option>`)}</datalist>
        ${field(
          'f-sort',
          t.sort,
          html`<select id="f-sort" name="sort">
            ${ACCOUNT_SORTS.map((s) => option(s, sortLabel(t, s), s === query.sort))}
          </select>`,
        )}
        ${field(
          'f-order',
          t.order,
          html`<select id="f-order" name="order">
            ${option('', t.orderDefault, !query.order)}${option('asc', t.orderAsc, query.order === 'asc')}${option(
              'desc',
              t.orderDesc,
              query.order === 'desc',
            )}
          </select>`,
        )}
        <button type="submit">${t.filter}</button> <a href="/accounts">${t.reset}</a>
      </form>
      <p class="muted">${t.count(list.total ?? 0)}</p>
      ${accountsTable(
        ctx,
        list.accounts.map((a) => accountView(a, ctx.locale, policies)),
        t.accounts,
      )}
      <nav class="pager" aria-label="${t.accounts}">
        ${after ? html`<a href="/accounts?${filters.toString()}">${t.firstPage}</a>` : ''}
        ${next ? html`<a href="/accounts?${next.toString()}" rel="next">${t.nextPage}</a>` : ''}
      </nav>`,
  );
}
