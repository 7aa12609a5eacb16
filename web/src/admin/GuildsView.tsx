// Guilds on the instance: find them by name and delete them (their members are told at once).
import { useCallback, useState } from 'preact/hooks';
import type { AdminApi, AdminGuild, PageRequest } from './api';
import { usePagedList } from './usePagedList';
import { SearchBar } from './components/SearchBar';
import { PagedTable } from './components/PagedTable';
import { ConfirmDialog } from './components/ConfirmDialog';
import { Notice, type NoticeMessage } from './components/Notice';
import { ViewHeading } from './components/ViewHeading';
import { formatCount } from './format';

const PAGE_SIZE = 25;

export function GuildsView({ api }: { api: AdminApi }) {
  const [query, setQuery] = useState('');
  const fetchPage = useCallback((filter: string, page: PageRequest) => api.guilds(filter, page), [api]);
  const list = usePagedList<AdminGuild>(fetchPage, query, PAGE_SIZE);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [deleting, setDeleting] = useState<AdminGuild | null>(null);

  return (
    <section aria-labelledby="guilds-heading">
      <ViewHeading id="guilds-heading">Guilds</ViewHeading>
      <SearchBar label="Search guilds" placeholder="Name" onSearch={setQuery} />
      <Notice notice={notice} />
      <PagedTable
        label="Guilds"
        list={list}
        caption={`${query ? `Guilds matching “${query}”` : 'All guilds'}, oldest first`}
        columns={
          <>
            <th scope="col">Name</th>
            <th scope="col" class="wide-only">ID</th>
            <th scope="col" class="wide-only">Owner ID</th>
            <th scope="col" class="number">Members</th>
            <th scope="col">Actions</th>
          </>
        }
        emptyText="No guilds found."
      >
        {list.rows.map((guild) => (
          <tr key={guild.id}>
            <th scope="row">{guild.name}</th>
            <td class="id wide-only">{guild.id}</td>
            <td class="id wide-only">{guild.owner_id}</td>
            <td class="number">{formatCount(guild.member_count)}</td>
            <td class="actions">
              <button type="button" class="danger" aria-label={`Delete ${guild.name}`} onClick={() => setDeleting(guild)}>
                Delete…
              </button>
            </td>
          </tr>
        ))}
      </PagedTable>

      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete guild"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.deleteGuild(deleting.id);
            setNotice({ kind: 'success', text: `${deleting.name} was deleted.` });
            list.replaceRow((row) => row.id === deleting.id, null);
          }}
        >
          <p>
            Its channels, messages and roles are removed, and its {formatCount(deleting.member_count)} member
            {deleting.member_count === 1 ? '' : 's'} lose it at once. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
