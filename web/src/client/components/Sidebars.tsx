// The second column: a guild's channels grouped under their categories, or the home list of
// direct messages.
import { useState } from 'preact/hooks';
import { errorText } from '../../shared/http';
import { has, Permission } from '../../shared/permissions';
import type { Channel } from '../../shared/types';
import { ChannelType } from '../../shared/types';
import type { AppActions } from '../App';
import type { InstanceSession } from '../session';
import { Avatar } from './Avatar';
import { Icon, type IconName } from './Icon';

const CHANNEL_ICONS: Record<number, IconName> = {
  [ChannelType.guildText]: 'hash',
  [ChannelType.guildAnnouncement]: 'megaphone',
  [ChannelType.guildVoice]: 'voice',
  [ChannelType.guildStageVoice]: 'voice',
};

function ChannelButton({
  session,
  channel,
  selected,
  onSelect,
}: {
  session: InstanceSession;
  channel: Channel;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const readable = channel.type === ChannelType.guildText || channel.type === ChannelType.guildAnnouncement;
  const unread = readable && !selected && session.isUnread(channel.id);
  return (
    <li>
      <button
        type="button"
        class={`channel-button${selected ? ' selected' : ''}${unread ? ' unread' : ''}`}
        aria-current={selected ? 'page' : undefined}
        aria-label={`${session.channelName(channel)}${unread ? ' (unread)' : ''}${readable ? '' : ' (voice, not supported here)'}`}
        disabled={!readable}
        onClick={() => onSelect(channel.id)}
      >
        <span class="channel-icon">
          <Icon name={CHANNEL_ICONS[channel.type] ?? 'hash'} size={18} />
        </span>
        <span class="channel-name">{session.channelName(channel)}</span>
      </button>
    </li>
  );
}

export function ChannelSidebar({
  session,
  guildId,
  selectedChannelId,
  onSelect,
  actions,
}: {
  session: InstanceSession;
  guildId: string;
  selectedChannelId: string | null;
  onSelect: (id: string) => void;
  actions: AppActions;
}) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const state = session.guilds.get(guildId);
  if (!state) return null;
  const channels = session.guildChannels(guildId).filter((channel) => channel.type < 10 || channel.type > 12);
  const categories = channels.filter((channel) => channel.type === ChannelType.guildCategory);
  const loose = channels.filter((channel) => channel.type !== ChannelType.guildCategory && !categories.some((c) => c.id === channel.parent_id));
  const guildPermissions = session.guildPermissions(guildId);
  const canManage =
    state.guild.owner_id === session.userId ||
    [Permission.manageGuild, Permission.manageRoles, Permission.manageChannels, Permission.banMembers].some((bit) =>
      has(guildPermissions, bit),
    );
  const toggle = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  const renderList = (list: Channel[]) => (
    <ul class="channel-list">
      {list.map((channel) => (
        <ChannelButton key={channel.id} session={session} channel={channel} selected={channel.id === selectedChannelId} onSelect={onSelect} />
      ))}
    </ul>
  );
  return (
    <div class="sidebar-content">
      <header class="sidebar-header">
        <h2 class="guild-name" title={state.guild.name}>
          {state.guild.name}
        </h2>
        {canManage && (
          <button
            type="button"
            class="icon-button"
            aria-label="Guild settings"
            title="Guild settings"
            onClick={() => actions.openDialog({ kind: 'guildSettings', instance: session.baseUrl, guildId })}
          >
            <Icon name="settings" size={18} />
          </button>
        )}
        {state.guild.owner_id !== session.userId && (
          <button
            type="button"
            class="icon-button danger"
            aria-label={`Leave ${state.guild.name}`}
            title="Leave guild"
            onClick={() => {
              if (window.confirm(`Leave ${state.guild.name}?`)) session.api.delete(`/users/@me/guilds/${guildId}`).catch((error) => window.alert(errorText(error)));
            }}
          >
            <Icon name="leave" size={18} />
          </button>
        )}
      </header>
      <div class="sidebar-scroll">
        {loose.length > 0 && renderList(loose)}
        {categories.map((category) => {
          const children = channels.filter((channel) => channel.parent_id === category.id);
          const open = !collapsed.has(category.id);
          const listId = `category-${category.id}`;
          return (
            <section key={category.id} class="category">
              <h3>
                <button type="button" class="category-toggle" aria-expanded={open} aria-controls={listId} onClick={() => toggle(category.id)}>
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span> {category.name}
                </button>
              </h3>
              <div id={listId} hidden={!open}>
                {renderList(children)}
              </div>
            </section>
          );
        })}
      </div>
    </div>
  );
}

export function HomeSidebar({
  session,
  selectedChannelId,
  onSelect,
  loading,
}: {
  session: InstanceSession;
  selectedChannelId: string | null;
  onSelect: (id: string | null) => void;
  loading: boolean;
}) {
  const pending = [...session.relationships.values()].filter((relationship) => relationship.type === 3).length;
  return (
    <div class="sidebar-content">
      <header class="sidebar-header">
        <h2>{session.host}</h2>
      </header>
      <div class="sidebar-scroll">
        <ul class="channel-list">
          <li>
            <button
              type="button"
              class={`channel-button${selectedChannelId === null && !loading ? ' selected' : ''}`}
              aria-current={selectedChannelId === null ? 'page' : undefined}
              onClick={() => onSelect(null)}
            >
              <span class="channel-icon">
                <Icon name="friends" size={18} />
              </span>
              <span class="channel-name">Friends</span>
              {pending > 0 && <span class="badge">{pending}</span>}
            </button>
          </li>
        </ul>
        <h3 class="list-heading">Direct messages</h3>
        <ul class="channel-list">
          {session.privateChannels().map((channel) => {
            const recipient = channel.recipients?.[0];
            const unread = channel.id !== selectedChannelId && session.isUnread(channel.id);
            const selected = channel.id === selectedChannelId;
            return (
              <li key={channel.id}>
                <button
                  type="button"
                  class={`channel-button dm${selected ? ' selected' : ''}${unread ? ' unread' : ''}`}
                  aria-current={selected ? 'page' : undefined}
                  aria-label={`${session.channelName(channel)}${unread ? ' (unread)' : ''}`}
                  onClick={() => onSelect(channel.id)}
                >
                  <Avatar
                    name={session.channelName(channel)}
                    url={session.avatarUrl(recipient)}
                    size={28}
                    status={recipient && channel.type === ChannelType.dm ? (session.presences.get(recipient.id) ?? 'offline') : undefined}
                  />
                  <span class="channel-name">{session.channelName(channel)}</span>
                </button>
              </li>
            );
          })}
          {session.privateChannels().length === 0 && <li class="hint">No conversations yet.</li>}
        </ul>
      </div>
    </div>
  );
}
