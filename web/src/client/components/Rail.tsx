// The leftmost column: every instance one is logged in to, each with a home button (friends and
// DMs), its guilds (icon or initials, bold dot when unread) and buttons to create or join one.
import type { AppActions, PaneState } from '../App';
import { useSession } from '../hooks';
import type { InstanceSession } from '../session';
import { initials } from './Avatar';
import { Icon, type IconName } from './Icon';

// Room for a few characters only: a name's first label, or the port of an address.
function shortHost(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (/^[\d.]+$|^\[|^localhost$/.test(url.hostname)) return url.port ? `:${url.port}` : url.hostname;
  return url.hostname.split('.')[0];
}

// A round button in the rail that does something (rather than open a guild): an icon, named by `label`.
function RailActionButton({
  label,
  title,
  icon,
  iconSize = 24,
  onClick,
}: {
  label: string;
  title: string;
  icon: IconName;
  iconSize?: number;
  onClick: () => void;
}) {
  return (
    <button type="button" class="rail-button action" aria-label={label} title={title} onClick={onClick}>
      <Icon name={icon} size={iconSize} />
    </button>
  );
}

function InstanceSection({
  session,
  focusedPane,
  actions,
}: {
  session: InstanceSession;
  focusedPane: PaneState;
  actions: AppActions;
}) {
  useSession(session);
  const here = focusedPane.instance === session.baseUrl;
  const homeSelected = here && focusedPane.guildId === null;
  const hasUnreadDm = session.privateChannels().some((channel) => session.isUnread(channel.id));
  const pendingRequests = [...session.relationships.values()].filter((relationship) => relationship.type === 3).length;
  return (
    <section class="rail-instance" aria-label={`Instance ${session.host}`}>
      <div class="rail-instance-label" title={`${session.host} — ${session.status}`}>
        <span class={`connection-dot ${session.status}`} aria-hidden="true" />
        <span class="rail-host" aria-hidden="true">
          {shortHost(session.baseUrl)}
        </span>
        <span class="visually-hidden">
          {session.host} ({session.status})
        </span>
      </div>
      <ul class="rail-list">
        <li>
          <button
            type="button"
            class={`rail-button home${homeSelected ? ' selected' : ''}${hasUnreadDm ? ' unread' : ''}`}
            aria-label={`Friends and direct messages on ${session.host}${pendingRequests ? `, ${pendingRequests} pending` : ''}`}
            aria-current={homeSelected ? 'page' : undefined}
            title="Friends and direct messages"
            onClick={() => actions.select(focusedPane.id, session.baseUrl, null, null)}
          >
            <Icon name="home" size={24} />
            {pendingRequests > 0 && <span class="badge" aria-hidden="true">{pendingRequests}</span>}
          </button>
        </li>
        {session.sortedGuilds().map(({ guild }) => {
          const selected = here && focusedPane.guildId === guild.id;
          const icon = session.guildIconUrl(guild);
          const unread = session.guildHasUnread(guild.id);
          return (
            <li key={guild.id}>
              <button
                type="button"
                class={`rail-button${selected ? ' selected' : ''}${unread ? ' unread' : ''}`}
                aria-label={`${guild.name}${unread ? ' (unread)' : ''}`}
                aria-current={selected ? 'page' : undefined}
                title={guild.name}
                onClick={() => actions.select(focusedPane.id, session.baseUrl, guild.id, session.defaultChannel(guild.id))}
              >
                {icon ? <img src={icon} alt="" width={48} height={48} /> : <span aria-hidden="true">{initials(guild.name)}</span>}
              </button>
            </li>
          );
        })}
        <li>
          <RailActionButton
            label={`Create a guild on ${session.host}`}
            title="Create a guild"
            icon="plus"
            onClick={() => actions.openDialog({ kind: 'createGuild', instance: session.baseUrl })}
          />
        </li>
        <li>
          <RailActionButton
            label={`Join a guild on ${session.host}`}
            title="Join a guild with an invite"
            icon="join"
            iconSize={22}
            onClick={() => actions.openDialog({ kind: 'joinGuild', instance: session.baseUrl })}
          />
        </li>
      </ul>
    </section>
  );
}

export function Rail({
  sessions,
  focusedPane,
  split,
  actions,
  onAddServer,
  onToggleSplit,
}: {
  sessions: InstanceSession[];
  focusedPane: PaneState;
  split: boolean;
  actions: AppActions;
  onAddServer: () => void;
  onToggleSplit: () => void;
}) {
  return (
    <nav class="rail" aria-label="Instances and guilds">
      <div class="rail-scroll">
        {sessions.map((session) => (
          <InstanceSection key={session.baseUrl} session={session} focusedPane={focusedPane} actions={actions} />
        ))}
      </div>
      <div class="rail-footer">
        <RailActionButton label="Add server" title="Add another server (instance)" icon="addServer" onClick={onAddServer} />
        <button
          type="button"
          class={`rail-button action split-toggle${split ? ' selected' : ''}`}
          aria-label="Split view"
          aria-pressed={split}
          title="Show two panes side by side"
          onClick={onToggleSplit}
        >
          <Icon name="split" size={22} />
        </button>
      </div>
    </nav>
  );
}
