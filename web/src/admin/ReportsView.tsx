// Reports people made about messages, users and guilds: the open ones to act on, and those resolved.
import { useCallback, useId, useState } from 'preact/hooks';
import type { AdminApi, PageRequest, Report } from './api';
import { errorText } from '../shared/http';
import { usePagedList } from './usePagedList';
import { PagedTable } from './components/PagedTable';
import { Notice, type NoticeMessage } from './components/Notice';
import { ViewHeading } from './components/ViewHeading';
import { formatDate } from './format';

const PAGE_SIZE = 25;
type Shown = 'open' | 'resolved';

function describeTarget(report: Report): string {
  const parts: string[] = [];
  if (report.message_id) parts.push(`message ${report.message_id}`);
  if (report.user_id) parts.push(`user ${report.user_id}`);
  if (report.channel_id) parts.push(`channel ${report.channel_id}`);
  if (report.guild_id) parts.push(`guild ${report.guild_id}`);
  return parts.join(', ');
}

export function ReportsView({ api }: { api: AdminApi }) {
  const [shown, setShown] = useState<Shown>('open');
  const fetchPage = useCallback((filter: string, page: PageRequest) => api.reports(filter === 'resolved', page), [api]);
  const list = usePagedList<Report>(fetchPage, shown, PAGE_SIZE);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const filterId = useId();

  async function resolve(report: Report) {
    try {
      await api.resolveReport(report.id);
      list.replaceRow((row) => row.id === report.id, null);
      setNotice({ kind: 'success', text: `Report ${report.id} is resolved.` });
    } catch (failure) {
      setNotice({ kind: 'error', text: `Could not resolve report ${report.id}: ${errorText(failure)}` });
    }
  }

  return (
    <section aria-labelledby="reports-heading">
      <ViewHeading id="reports-heading">Reports</ViewHeading>
      <div class="toolbar">
        <label for={filterId}>Show</label>
        <select id={filterId} value={shown} onChange={(event) => setShown(event.currentTarget.value as Shown)}>
          <option value="open">Open reports</option>
          <option value="resolved">Resolved reports</option>
        </select>
      </div>
      <Notice notice={notice} />
      <PagedTable
        label="Reports"
        list={list}
        caption={`${shown === 'open' ? 'Open reports' : 'Resolved reports'}, oldest first`}
        columns={
          <>
            <th scope="col">Reason</th>
            <th scope="col">About</th>
            <th scope="col" class="wide-only">Reporter ID</th>
            <th scope="col" class="wide-only">Reported</th>
            <th scope="col">Status</th>
            {shown === 'open' && <th scope="col">Actions</th>}
          </>
        }
        emptyText={shown === 'open' ? 'No open reports.' : 'No resolved reports.'}
      >
        {list.rows.map((report) => (
          <tr key={report.id}>
            <th scope="row" class="reason">
              {report.reason}
            </th>
            <td class="id">{describeTarget(report)}</td>
            <td class="id wide-only">{report.reporter_id}</td>
            <td class="wide-only">{formatDate(report.created_at)}</td>
            <td>
              {report.resolved_at ? (
                <span class="badge ok">Resolved {formatDate(report.resolved_at)}</span>
              ) : (
                <span class="badge warn">Open</span>
              )}
            </td>
            {shown === 'open' && (
              <td class="actions">
                <button type="button" aria-label={`Mark report ${report.id} resolved`} onClick={() => resolve(report)}>
                  Mark resolved
                </button>
              </td>
            )}
          </tr>
        ))}
      </PagedTable>
    </section>
  );
}
