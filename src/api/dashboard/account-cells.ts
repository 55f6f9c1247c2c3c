import type { Status } from '../../domain/account-status.ts';
import { STATUS_NAMES } from '../../domain/status-names.ts';
import type { AccountView } from '../account-view.ts';
import { html, type Html } from './html.ts';
import type { PageContext } from './layout.ts';
import { shownTime } from './layout.ts';

/** A status as a labelled badge, in the reader's language. */
export function statusBadge(ctx: PageContext, status: Status): Html {
  return html`<span class="status status-${status}">${STATUS_NAMES[ctx.locale][status]}</span>`;
}

/** The accounts table the overview and the accounts page share. */
export function accountsTable(ctx: PageContext, accounts: readonly AccountView[], caption: string): Html {
  const { t } = ctx;
  if (!accounts.length) return html`<p class="muted">${t.none}</p>`;
  const rows = accounts.map(
    (a) =>
      html`<tr>
        <td><a href="/accounts/${a.id}">${a.name}</a></td>
        <td>${a.platform}</td>
        <td>${a.unit ?? ''}</td>
        <td>${statusBadge(ctx, a.status)}</td>
        <td class="num">${a.daysSilent ?? '—'}</td>
        <td class="num">${a.daysToRedLine ?? '—'}</td>
        <td>
          ${a.lastPostAt ? shownTime(a.lastPostAt) : '—'}
          <div class="excerpt">${a.lastPostExcerpt ?? ''}</div>
        </td>
        <td>${shownTime(a.lastCheckedAt)}</td>
      </tr>`,
  );
  return html`<table>
    <caption class="visually-hidden">
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${t.name}</th>
        <th scope="col">${t.platform}</th>
        <th scope="col">${t.unit}</th>
        <th scope="col">${t.status}</th>
        <th scope="col" class="num">${t.daysSilent}</th>
        <th scope="col" class="num">${t.daysToRedLine}</th>
        <th scope="col">${t.lastPost}</th>
        <th scope="col">${t.lastChecked}</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
