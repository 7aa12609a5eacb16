// Friends on one instance: send a request by username, accept or decline incoming ones, cancel
// outgoing ones, and open a DM with a friend.
import { useState } from 'preact/hooks';
import { errorText } from '../../shared/http';
import type { Channel, Relationship } from '../../shared/types';
import type { InstanceSession } from '../session';
import { Avatar, STATUS_LABELS } from './Avatar';

type Tab = 'online' | 'all' | 'pending' | 'blocked';

export function FriendsView({ session, onOpenDm }: { session: InstanceSession; onOpenDm: (channelId: string) => void }) {
  const [tab, setTab] = useState<Tab>('all');
  const [username, setUsername] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const relationships = [...session.relationships.values()];
  const pending = relationships.filter((relationship) => relationship.type === 3 || relationship.type === 4);
  const friends = relationships.filter((relationship) => relationship.type === 1);
  const online = friends.filter((relationship) => {
    const status = session.presences.get(relationship.id) ?? 'offline';
    return status !== 'offline' && status !== 'invisible';
  });
  const blocked = relationships.filter((relationship) => relationship.type === 2);
  const shown = { online, all: friends, pending, blocked }[tab];

  const act = (work: Promise<unknown>, done?: string) =>
    work.then(
      () => done && setMessage({ text: done, error: false }),
      (error) => setMessage({ text: errorText(error), error: true }),
    );

  async function addFriend(event: Event) {
    event.preventDefault();
    const name = username.trim();
    if (!name) return;
    await act(session.api.post('/users/@me/relationships', { username: name }), `Friend request sent to ${name}.`);
    setUsername('');
  }

  async function openDm(relationship: Relationship) {
    try {
      const channel = await session.api.post<Channel>('/users/@me/channels', { recipient_id: relationship.id });
      session.rememberChannel(channel);
      onOpenDm(channel.id);
    } catch (error) {
      setMessage({ text: errorText(error), error: true });
    }
  }

  const tabs: [Tab, string, number][] = [
    ['online', 'Online', online.length],
    ['all', 'All', friends.length],
    ['pending', 'Pending', pending.length],
    ['blocked', 'Blocked', blocked.length],
  ];

  return (
    <div class="friends">
      <form class="add-friend" onSubmit={addFriend}>
        <label for={`add-friend-${session.baseUrl}`}>Add a friend by username</label>
        <div class="inline-form">
          <input
            id={`add-friend-${session.baseUrl}`}
            value={username}
            placeholder="username"
            autoComplete="off"
            onInput={(event) => setUsername(event.currentTarget.value)}
          />
          <button type="submit" class="primary">
            Send friend request
          </button>
        </div>
        {message && (
          <p class={message.error ? 'form-error' : 'form-success'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </form>
      <div class="tabs" role="tablist" aria-label="Friends">
        {tabs.map(([id, title, count]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`friends-tab-${id}`}
            aria-selected={tab === id}
            aria-controls="friends-panel"
            class={tab === id ? 'tab selected' : 'tab'}
            onClick={() => setTab(id)}
          >
            {title} ({count})
          </button>
        ))}
      </div>
      <ul class="friend-list" id="friends-panel" role="tabpanel" aria-labelledby={`friends-tab-${tab}`}>
        {shown.length === 0 && <li class="hint">Nobody here yet.</li>}
        {shown.map((relationship) => {
          const user = session.users.get(relationship.id) ?? relationship.user;
          const name = user.global_name || user.username;
          const status = session.presences.get(relationship.id) ?? 'offline';
          const label =
            relationship.type === 3 ? 'Incoming friend request' : relationship.type === 4 ? 'Outgoing friend request' : relationship.type === 2 ? 'Blocked' : STATUS_LABELS[status];
          return (
            <li key={relationship.id} class="friend">
              <Avatar name={name} url={session.avatarUrl(user)} size={36} status={relationship.type === 1 ? status : undefined} />
              <span class="friend-names">
                <span class="friend-name">{name}</span>
                <span class="hint">
                  {user.username} · {label}
                </span>
              </span>
              <span class="friend-actions">
                {relationship.type === 1 && (
                  <button type="button" onClick={() => openDm(relationship)} aria-label={`Message ${name}`}>
                    Message
                  </button>
                )}
                {relationship.type === 3 && (
                  <button
                    type="button"
                    class="primary"
                    aria-label={`Accept ${name}`}
                    onClick={() => act(session.api.put(`/users/@me/relationships/${relationship.id}`, { type: 1 }))}
                  >
                    Accept
                  </button>
                )}
                {relationship.type === 3 && (
                  <button type="button" aria-label={`Decline ${name}`} onClick={() => act(session.api.delete(`/users/@me/relationships/${relationship.id}`))}>
                    Decline
                  </button>
                )}
                {relationship.type === 4 && (
                  <button type="button" aria-label={`Cancel request to ${name}`} onClick={() => act(session.api.delete(`/users/@me/relationships/${relationship.id}`))}>
                    Cancel
                  </button>
                )}
                {relationship.type === 1 && (
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Remove ${name} from friends`}
                    onClick={() => window.confirm(`Remove ${name} from your friends?`) && act(session.api.delete(`/users/@me/relationships/${relationship.id}`))}
                  >
                    Remove
                  </button>
                )}
                {relationship.type === 2 && (
                  <button type="button" aria-label={`Unblock ${name}`} onClick={() => act(session.api.delete(`/users/@me/relationships/${relationship.id}`))}>
                    Unblock
                  </button>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
