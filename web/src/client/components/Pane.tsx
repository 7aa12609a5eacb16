// One pane: the sidebar of a guild (channels) or of the home (friends and DMs), the open channel
// or the friends page, and the member list. Split view shows two of these.
import { useEffect, useRef, useState } from 'preact/hooks';
import { has, Permission } from '../../shared/permissions';
import type { AppActions, PaneState } from '../App';
import { useSession } from '../hooks';
import type { InstanceSession } from '../session';
import { ChannelSidebar, HomeSidebar } from './Sidebars';
import { ChatView } from './ChatView';
import { FriendsView } from './FriendsView';
import { MemberList } from './MemberList';
import { UserPanel } from './UserPanel';
import { Icon } from './Icon';

const narrow = () => window.matchMedia?.('(max-width: 900px)').matches ?? false;

export function Pane({
  index,
  pane,
  session,
  focused,
  split,
  actions,
}: {
  index: number;
  pane: PaneState;
  session: InstanceSession;
  focused: boolean;
  split: boolean;
  actions: AppActions;
}) {
  useSession(session);
  // Side by side there is no room for member lists unless asked for.
  const [showMembers, setShowMembers] = useState(() => !narrow() && !split);
  useEffect(() => {
    if (split) setShowMembers(false);
  }, [split]);
  const guildState = pane.guildId ? session.guilds.get(pane.guildId) : undefined;
  const waitingForGuild = pane.guildId !== null && !guildState;
  let channelId = pane.channelId && session.channels.has(pane.channelId) ? pane.channelId : null;
  if (!channelId && guildState) channelId = session.defaultChannel(guildState.guild.id);
  const channel = channelId ? session.channels.get(channelId) : undefined;
  const inThisGuild = channel && (guildState ? channel.guild_id === guildState.guild.id : !channel.guild_id);
  const openChannel = inThisGuild ? channel : undefined;

  useEffect(() => {
    session.setOpenChannel(pane.id, openChannel?.id ?? null);
    return () => session.setOpenChannel(pane.id, null);
  }, [session, pane.id, openChannel?.id]);

  // Reading a channel marks it read again whenever the window comes back into view.
  useEffect(() => {
    const onFocus = () => openChannel && session.markRead(openChannel.id);
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [session, openChannel?.id]);

  const select = (guildId: string | null, id: string | null) => actions.select(pane.id, session.baseUrl, guildId, id);

  // A guild that goes away while shown (left, kicked, deleted) sends the pane home.
  const shownGuild = useRef<string | null>(null);
  useEffect(() => {
    if (guildState) shownGuild.current = guildState.guild.id;
    else if (shownGuild.current && shownGuild.current === pane.guildId) {
      shownGuild.current = null;
      select(null, null);
    }
  });
  const title = openChannel
    ? openChannel.guild_id
      ? `# ${session.channelName(openChannel)}`
      : `@ ${session.channelName(openChannel)}`
    : guildState
      ? guildState.guild.name
      : waitingForGuild
        ? 'Loading…'
        : 'Friends';
  const canInvite =
    openChannel?.guild_id && has(session.permissionsIn(openChannel.id), Permission.createInstantInvite);

  return (
    <section
      class={`pane${focused ? ' focused' : ''}${showMembers && guildState ? ' with-members' : ''}`}
      aria-label={`Pane ${index + 1}: ${session.host}, ${guildState?.guild.name ?? 'home'}`}
      onMouseDown={() => actions.focusPane(pane.id)}
      onFocusCapture={() => actions.focusPane(pane.id)}
    >
      <aside class="sidebar" aria-label={guildState ? `${guildState.guild.name} channels` : 'Direct messages'}>
        {guildState ? (
          <ChannelSidebar
            session={session}
            guildId={guildState.guild.id}
            selectedChannelId={openChannel?.id ?? null}
            onSelect={(id) => select(guildState.guild.id, id)}
            actions={actions}
          />
        ) : (
          <HomeSidebar
            session={session}
            selectedChannelId={openChannel?.id ?? null}
            onSelect={(id) => select(null, id)}
            loading={waitingForGuild}
          />
        )}
        <UserPanel session={session} actions={actions} />
      </aside>
      <div class="main">
        <header class="pane-header">
          <button
            type="button"
            class="icon-button nav-toggle"
            aria-label="Open navigation"
            onClick={() => actions.setNavOpen(true)}
          >
            <Icon name="menu" />
          </button>
          <h2 class="pane-title">{title}</h2>
          {openChannel?.topic && <p class="pane-topic">{openChannel.topic}</p>}
          <span class="pane-host" title="Instance">
            {session.host}
          </span>
          <div class="pane-actions">
            {canInvite && (
              <button
                type="button"
                class="icon-button"
                aria-label="Create invite"
                title="Invite people to this channel"
                onClick={() => actions.openDialog({ kind: 'createInvite', instance: session.baseUrl, channelId: openChannel.id })}
              >
                <Icon name="invite" />
              </button>
            )}
            {guildState && (
              <button
                type="button"
                class="icon-button"
                aria-label="Member list"
                aria-pressed={showMembers}
                title="Show members"
                onClick={() => setShowMembers(!showMembers)}
              >
                <Icon name="members" />
              </button>
            )}
          </div>
        </header>
        {openChannel ? (
          <ChatView key={`${session.baseUrl}:${openChannel.id}`} session={session} channel={openChannel} paneIndex={index} onOpenChannel={(id) => select(pane.guildId, id)} />
        ) : guildState ? (
          <div class="empty-state">
            <p>This guild has no text channel you can read yet.</p>
          </div>
        ) : waitingForGuild ? (
          <div class="empty-state" role="status">
            <p>Loading the guild…</p>
            <button type="button" class="link-button" onClick={() => select(null, null)}>
              Back to friends
            </button>
          </div>
        ) : (
          <FriendsView session={session} onOpenDm={(id) => select(null, id)} />
        )}
      </div>
      {guildState && showMembers && (
        <MemberList session={session} guildId={guildState.guild.id} onClose={() => setShowMembers(false)} />
      )}
    </section>
  );
}
