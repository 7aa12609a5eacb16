// The bottom of the sidebar: who one is on this instance, one's status, and the settings button.
import type { Status } from '../../shared/types';
import type { AppActions } from '../App';
import type { InstanceSession } from '../session';
import { Avatar, STATUS_LABELS } from './Avatar';
import { Icon } from './Icon';

const CHOOSABLE: Status[] = ['online', 'idle', 'dnd', 'invisible'];

export function UserPanel({ session, actions }: { session: InstanceSession; actions: AppActions }) {
  const user = session.user;
  if (!user) {
    return (
      <div class="user-panel" role="status">
        Connecting to {session.host}…
      </div>
    );
  }
  const status = session.presences.get(user.id) ?? 'online';
  const name = user.global_name || user.username;
  return (
    <div class="user-panel">
      <Avatar name={name} url={session.avatarUrl(user)} size={32} status={status} />
      <div class="user-panel-names">
        <span class="user-panel-name">{name}</span>
        <label class="visually-hidden" for={`status-${session.baseUrl}`}>
          Status
        </label>
        <select
          id={`status-${session.baseUrl}`}
          class="status-select"
          value={status === 'offline' ? 'invisible' : status}
          onChange={(event) => {
            const next = event.currentTarget.value as Status;
            session.presences.set(user.id, next);
            session.setStatus(next);
            session.changed();
          }}
        >
          {CHOOSABLE.map((choice) => (
            <option key={choice} value={choice}>
              {STATUS_LABELS[choice]}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        class="icon-button"
        aria-label="User settings"
        title="User settings"
        onClick={() => actions.openDialog({ kind: 'userSettings', instance: session.baseUrl })}
      >
        <Icon name="settings" size={18} />
      </button>
    </div>
  );
}
