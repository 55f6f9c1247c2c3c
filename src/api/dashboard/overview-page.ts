import { renderReason } from '../../activity/render-reason.ts';
import { STATUSES } from '../../domain/account-status.ts';
import { pageAlerts } from '../../store/alert-pages.ts';
import { defaultOrder, listAccountsPage } from '../../store/accounts-list-query.ts';
import { countAccountsBy, countOpenAlerts, type DimensionCount } from '../../store/dashboard-counts.ts';
import { accountView } from '../account-view.ts';
import type { ApiContext } from '../api-context.ts';
import { accountsTable, statusBadge } from './account-cells.ts';
import { html, type Html } from './html.ts';
import { page, shownTime, type PageContext } from './layout.ts';

/** Accounts nearest their red line, and alerts, the overview shows. */
const NEAREST = 10;
const NEWEST_ALERTS = 10;

/** `/`: the register at a glance: counts by status, platform and unit, who is about to cross the red line, and what is alerting. */
export async function overviewPage(context: ApiContext, ctx: PageContext, scopeUnit: string | null): Promise<Html> {
  const { db } = context.store;
  const { policies } = context.config;
  const { t } = ctx;
  const [byStatus, byPlatform, byUnit, nearest, openCount, alerts] = await Promise.all([
    countAccountsBy(db, 'status', scopeUnit),
    countAccountsBy(db, 'platform', scopeUnit),
    countAccountsBy(db, 'unit', scopeUnit),
    listAccountsPage(db, policies, {
      filter: { scopeUnit },
      sort: 'daysToRedLine',
      order: defaultOrder('daysToRedLine', policies),
      limit: NEAREST,
      withTotal: false,
    }),
    countOpenAlerts(db, scopeUnit),
    pageAlerts(db, [{ states: ['open'], onlyUnit: scopeUnit }], null, NEWEST_ALERTS),
  ]);
  // Every status, in the model's order, so a zero reads as zero rather than as missing.
  const statusRows = STATUSES.map((status) => ({ status, count: byStatus.find((r) => r.value === status)?.count ?? 0 }));
  const total = statusRows.reduce((sum, r) => sum + r.count, 0);
  const alertRows = alerts.alerts.map(
    (a) =>
      html`<tr>
        <td>${shownTime(a.openedAt)}</td>
        <td>${a.account ? html`<a href="/accounts/${a.account.id}">${a.account.name}</a>` : a.platform}</td>
        <td>${a.status ? statusBadge(ctx, a.status) : ''}</td>
        <td>${renderReason(a.reason, ctx.locale)}</td>
      </tr>`,
  );
  return page(
    ctx,
    t.overview,
    html`<div class="grid">
        <section aria-labelledby="by-status">
          <h2 id="by-status">${t.byStatus}</h2>
          <table>
            <tbody>
              ${statusRows.map(
                (r) =>
                  html`<tr>
                    <th scope="row"><a href="/accounts?status=${r.status}">${statusBadge(ctx, r.status)}</a></th>
                    <td class="num">${r.count}</td>
                  </tr>`,
              )}
              <tr>
                <th scope="row">${t.total}</th>
                <td class="num">${total}</td>
              </tr>
            </tbody>
          </table>
        </section>
        ${countTable(t.byPlatform, 'by-platform', byPlatform, 'platform', t.noUnit)}
        ${countTable(t.byUnit, 'by-unit', byUnit, 'unit', t.noUnit)}
      </div>
      <section aria-labelledby="nearest">
        <h2 id="nearest">${t.nearestRedLine}</h2>
        ${accountsTable(
          ctx,
          nearest.accounts.map((a) => accountView(a, ctx.locale, policies)),
          t.nearestRedLine,
        )}
      </section>
      <section aria-labelledby="alerts">
        <h2 id="alerts">${t.openAlerts}: ${openCount}</h2>
        ${
          alertRows.length
            ? html`<table>
                <caption class="muted">
                  ${t.newestAlerts}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t.opened}</th>
                    <th scope="col">${t.name}</th>
                    <th scope="col">${t.status}</th>
                    <th scope="col">${t.reason}</th>
                  </tr>
                </thead>
                <tbody>
                  ${alertRows}
                </tbody>
              </table>`
            : html`<p class="muted">${t.none}</p>`
        }
      </section>`,
  );
}

function countTable(title: string, id: string, rows: readonly DimensionCount[], parameter: string, unnamed: string): Html {
  const params = (value: string) => new URLSearchParams({ [parameter]: value }).toString();
  return html`<section aria-labelledby="${id}">
    <h2 id="${id}">${title}</h2>
    <table>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <th scope="row">${r.value === null ? unnamed : html`<a href="/accounts?${params(r.value)}">${r.value}</a>`}</th>
              <td class="num">${r.count}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
