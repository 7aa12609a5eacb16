// Accounts on the instance: find them by name, page through them, disable or enable them, hand out
// instance rights (operators only) and delete them.
import { useCallback, useState } from 'preact/hooks';
import type { AdminApi, AdminUser, PageRequest } from './api';
import { errorText } from '../shared/http';
import { usePagedList } from './usePagedList';
import { SearchBar } from './components/SearchBar';
import { PagedTable } from './components/PagedTable';
import { ConfirmDialog } from './components/ConfirmDialog';
import { Notice, type NoticeMessage } from './components/Notice';
import { RightsDialog } from './components/RightsDialog';
import { describeRights } from './rights';
import { formatDate } from './format';
import { ViewHeading } from './components/ViewHeading';

interface Props {
  api: AdminApi;
  myId: string;
  canGrantRights: boolean;
}

const PAGE_SIZE = 25;

export function UsersView({ api, myId, canGrantRights }: Props) {
  const [query, setQuery] = useState('');
  const fetchPage = useCallback((filter: string, page: PageRequest) => api.users(filter, page), [api]);
  const list = usePagedList<AdminUser>(fetchPage, query, PAGE_SIZE);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [deleting, setDeleting] = useState<AdminUser | null>(null);
  const [grantingTo, setGrantingTo] = useState<AdminUser | null>(null);

  async function setDisabled(user: AdminUser, disabled: boolean) {
    try {
      const changed = await api.modifyUser(user.id, { disabled });
      list.replaceRow((row) => row.id === user.id, changed);
      setNotice({ kind: 'success', text: `${user.username} is ${disabled ? 'disabled and signed out' : 'enabled again'}.` });
    } catch (failure) {
      setNotice({ kind: 'error', text: `Could not change ${user.username}: ${errorText(failure)}` });
    }
  }

  return (
    <section aria-labelledby="users-heading">
      <ViewHeading id="users-heading">Users</ViewHeading>
      <SearchBar label="Search users" placeholder="Name" onSearch={setQuery} />
      <Notice notice={notice} />
      <PagedTable
        label="Users"
        list={list}
        caption={`${query ? `Users matching “${query}”` : 'All users'}, oldest first`}
        columns={
          <>
            <th scope="col">Username</th>
            <th scope="col" class="wide-only">Display name</th>
            <th scope="col" class="wide-only">ID</th>
            <th scope="col" class="wide-only">Rights</th>
            <th scope="col">Status</th>
            <th scope="col" class="wide-only">Created</th>
            <th scope="col">Actions</th>
          </>
        }
        emptyText="No users found."
      >
        {list.rows.map((user) => {
          const isMe = user.id === myId;
          return (
            <tr key={user.id}>
              <th scope="row">
                {user.username} {user.bot && <span class="badge">Bot</span>}
              </th>
              <td class="wide-only">{user.global_name ?? ''}</td>
              <td class="id wide-only">{user.id}</td>
              <td class="wide-only">{describeRights(user.rights)}</td>
              <td>
                <span class={user.disabled ? 'badge danger' : 'badge ok'}>{user.disabled ? 'Disabled' : 'Active'}</span>
              </td>
              <td class="wide-only">{formatDate(user.created_at)}</td>
              <td class="actions">
                {isMe ? (
                  <span class="muted">You</span>
                ) : (
                  <>
                    <button
                      type="button"
                      aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.username}`}
                      onClick={() => setDisabled(user, !user.disabled)}
                    >
                      {user.disabled ? 'Enable' : 'Disable'}
                    </button>
                    {canGrantRights && (
                      <button type="button" aria-label={`Set rights of ${user.username}`} onClick={() => setGrantingTo(user)}>
                        Rights…
                      </button>
                    )}
                    <button
                      type="button"
                      class="danger"
                      aria-label={`Delete ${user.username}`}
                      onClick={() => setDeleting(user)}
                    >
                      Delete…
                    </button>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </PagedTable>

      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.username}?`}
          confirmLabel="Delete account"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.deleteUser(deleting.id);
            setNotice({ kind: 'success', text: `${deleting.username} was deleted.` });
            list.reload();
          }}
        >
          <p>
            The account is signed out everywhere and cannot sign in again. Its messages stay, shown as a deleted user. This
            cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {grantingTo && (
        <RightsDialog
          user={grantingTo}
          onClose={() => setGrantingTo(null)}
          onSave={async (rights) => {
            const changed = await api.modifyUser(grantingTo.id, { rights });
            list.replaceRow((row) => row.id === changed.id, changed);
            setNotice({ kind: 'success', text: `${changed.username} now has: ${describeRights(changed.rights)}.` });
          }}
        />
      )}
    </section>
  );
}
