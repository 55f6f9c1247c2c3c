import { STATUSES, type Status } from '../../domain/account-status.ts';
import { observationsPage } from '../../store/account-history-pages.ts';
import { findVisibleAccount } from '../../store/accounts-list-query.ts';
import { accountView } from '../account-view.ts';
import type { ApiContext } from '../api-context.ts';
import { statusBadge } from './account-cells.ts';
import { html, safeUrl, type Html } from './html.ts';
import { page, shownTime, type PageContext } from './layout.ts';

const RECENT_OBSERVATIONS = 20;

/**
 * `/accounts/:id`, a first version: where the account stands and why, and its newest looks.
 * Its history (posts, followers) and actions (recrawl, mute) come next. Undefined: not found.
 */
export async function accountPage(context: ApiContext, ctx: PageContext, id: number, scopeUnit: string | null): Promise<Html | undefined> {
  const { db } = context.store;
  const found = await findVisibleAccount(db, id, scopeUnit);
  if (!found) return undefined;
  const a = accountView(found, ctx.locale, context.config.policies);
  const observations = await observationsPage(db, a.id, { limit: RECENT_OBSERVATIONS });
  const { t } = ctx;
  return page(
    ctx,
    a.name,
    html`<dl>
        <dt>${t.status}</dt>
        <dd>${statusBadge(ctx, a.status)}</dd>
        <dt>${t.reason}</dt>
        <dd>${a.reason}</dd>
        <dt>${t.platform}</dt>
        <dd>${a.platform} · <a href="${safeUrl(a.url)}" rel="noreferrer noopener">${a.url}</a></dd>
        <dt>${t.unit}</dt>
        <dd>${a.unit ?? '—'}</dd>
        <dt>${t.lastPost}</dt>
        <dd>${a.lastPostAt ? shownTime(a.lastPostAt) : '—'}</dd>
        <dt>${t.lastPostExcerpt}</dt>
        <dd class="excerpt">${a.lastPostExcerpt ?? '—'}</dd>
      </dl>
      <h2>${t.observations}</h2>
      ${
        observations.length
          ? html`<table>
              <thead>
                <tr>
                  <th scope="col">${t.fetchedAt}</th>
                  <th scope="col">${t.outcome}</th>
                  <th scope="col">${t.status}</th>
                  <th scope="col" class="num">${t.daysSilent}</th>
                  <th scope="col">${t.reason}</th>
                </tr>
              </thead>
              <tbody>
                ${observations.map(
                  (o) =>
                    html`<tr>
                      <td>${shownTime(o.fetched_at)}</td>
                      <td>${o.outcome}${o.error ? html` <span class="muted">${o.error}</span>` : ''}</td>
                      <td>${isStatus(o.status) ? statusBadge(ctx, o.status) : o.status}</td>
                      <td class="num">${o.days_silent ?? '—'}</td>
                      <td>${o.reason}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">${t.none}</p>`
      }`,
  );
}

function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}
