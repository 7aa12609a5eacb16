// Guild settings, each section shown only to those whose permissions allow it: the name and icon
// (MANAGE_GUILD), roles (MANAGE_ROLES), channels (MANAGE_CHANNELS), invites (MANAGE_GUILD), bans
// (BAN_MEMBERS), and deleting the guild (owner). The server still decides; its refusals show.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../shared/http';
import { has, Permission } from '../../shared/permissions';
import type { Ban, Channel, Invite, Role } from '../../shared/types';
import { ChannelType } from '../../shared/types';
import { useSession } from '../hooks';
import type { InstanceSession } from '../session';
import { readImageAsDataUri } from './files';
import { inviteLink } from './GuildDialogs';
import { Modal } from './Modal';

type Tab = 'overview' | 'roles' | 'channels' | 'members' | 'invites' | 'bans';
type Feedback = { text: string; error: boolean } | null;

function useFeedback() {
  const [feedback, setFeedback] = useState<Feedback>(null);
  const run = async (work: () => Promise<unknown>, done?: string) => {
    setFeedback(null);
    try {
      await work();
      if (done) setFeedback({ text: done, error: false });
      return true;
    } catch (caught) {
      setFeedback({ text: errorText(caught), error: true });
      return false;
    }
  };
  const view = feedback && (
    <p class={feedback.error ? 'form-error' : 'form-success'} role={feedback.error ? 'alert' : 'status'}>
      {feedback.text}
    </p>
  );
  return { run, view };
}

// A list the server keeps for the guild (its invites, its bans), fetched when the tab opens and
// fetched again with `reload` after a change.
function useGuildList<Item>(session: InstanceSession, path: string) {
  const [items, setItems] = useState<Item[] | null>(null);
  const { run, view } = useFeedback();
  const reload = () => run(async () => setItems(await session.api.get<Item[]>(path)));
  useEffect(() => {
    reload();
  }, [path]);
  return { items, run, view, reload };
}

// The feedback of the last action over such a list, then the list: loading, none, or `children`.
function GuildListPanel<Item>({
  items,
  feedback,
  emptyText,
  children,
}: {
  items: Item[] | null;
  feedback: ComponentChildren;
  emptyText: string;
  children: (items: Item[]) => ComponentChildren;
}) {
  return (
    <div class="stack">
      {feedback}
      {items === null ? <p role="status">Loading…</p> : items.length === 0 ? <p class="hint">{emptyText}</p> : children(items)}
    </div>
  );
}

const colorHex = (color: number) => `#${color.toString(16).padStart(6, '0')}`;

function Overview({ session, guildId, onDeleted }: { session: InstanceSession; guildId: string; onDeleted: () => void }) {
  const guild = session.guilds.get(guildId)!.guild;
  const [name, setName] = useState(guild.name);
  const { run, view } = useFeedback();
  const owner = guild.owner_id === session.userId;
  return (
    <div class="stack">
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          run(() => session.api.patch(`/guilds/${guildId}`, { name: name.trim() }), 'Guild renamed.');
        }}
      >
        <label>
          Guild name
          <input value={name} required minLength={2} maxLength={100} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          Save name
        </button>
      </form>
      <label>
        Guild icon
        <input
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          onChange={async (event) => {
            const file = event.currentTarget.files?.[0];
            if (file) {
              const icon = await readImageAsDataUri(file);
              await run(() => session.api.patch(`/guilds/${guildId}`, { icon }), 'Icon updated.');
            }
          }}
        />
      </label>
      {view}
      {owner && (
        <button
          type="button"
          class="danger"
          onClick={() => {
            if (window.confirm(`Delete ${guild.name} for everyone? This cannot be undone.`)) {
              run(() => session.api.delete(`/guilds/${guildId}`)).then((ok) => ok && onDeleted());
            }
          }}
        >
          Delete guild
        </button>
      )}
    </div>
  );
}

function RoleRow({ session, guildId, role }: { session: InstanceSession; guildId: string; role: Role }) {
  const [name, setName] = useState(role.name);
  const [color, setColor] = useState(colorHex(role.color));
  const [hoist, setHoist] = useState(role.hoist);
  const { run, view } = useFeedback();
  const everyone = role.id === guildId;
  return (
    <li class="settings-row">
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          run(
            () =>
              session.api.patch(`/guilds/${guildId}/roles/${role.id}`, everyone ? {} : { name: name.trim(), color: parseInt(color.slice(1), 16), hoist }),
            'Saved.',
          );
        }}
      >
        <label class="visually-hidden" for={`role-name-${role.id}`}>
          Role name
        </label>
        <input id={`role-name-${role.id}`} value={name} disabled={everyone} onInput={(event) => setName(event.currentTarget.value)} />
        <label class="visually-hidden" for={`role-color-${role.id}`}>
          Colour of {role.name}
        </label>
        <input id={`role-color-${role.id}`} type="color" value={color} disabled={everyone} onInput={(event) => setColor(event.currentTarget.value)} />
        <label class="checkbox">
          <input type="checkbox" checked={hoist} disabled={everyone} onChange={(event) => setHoist(event.currentTarget.checked)} />
          Show separately
        </label>
        {!everyone && (
          <>
            <button type="submit">Save</button>
            <button
              type="button"
              class="danger"
              aria-label={`Delete role ${role.name}`}
              onClick={() => window.confirm(`Delete the role ${role.name}?`) && run(() => session.api.delete(`/guilds/${guildId}/roles/${role.id}`))}
            >
              Delete
            </button>
          </>
        )}
      </form>
      {view}
    </li>
  );
}

function Roles({ session, guildId }: { session: InstanceSession; guildId: string }) {
  const { run, view } = useFeedback();
  return (
    <div class="stack">
      <button type="button" class="primary" onClick={() => run(() => session.api.post(`/guilds/${guildId}/roles`, { name: 'new role' }), 'Role created.')}>
        Create role
      </button>
      {view}
      <ul class="settings-list">
        {session.sortedRoles(guildId).map((role) => (
          <RoleRow key={`${role.id}:${role.name}:${role.color}`} session={session} guildId={guildId} role={role} />
        ))}
      </ul>
    </div>
  );
}

function ChannelRow({ session, channel }: { session: InstanceSession; channel: Channel }) {
  const [name, setName] = useState(channel.name ?? '');
  const { run, view } = useFeedback();
  return (
    <li class="settings-row">
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          run(() => session.api.patch(`/channels/${channel.id}`, { name: name.trim() }), 'Renamed.');
        }}
      >
        <span class="hint">{channel.type === ChannelType.guildCategory ? 'Category' : channel.type === ChannelType.guildVoice ? 'Voice' : 'Text'}</span>
        <label class="visually-hidden" for={`channel-name-${channel.id}`}>
          Name of {channel.name}
        </label>
        <input id={`channel-name-${channel.id}`} value={name} required onInput={(event) => setName(event.currentTarget.value)} />
        <button type="submit">Rename</button>
        <button
          type="button"
          class="danger"
          aria-label={`Delete channel ${channel.name}`}
          onClick={() => window.confirm(`Delete ${channel.name}?`) && run(() => session.api.delete(`/channels/${channel.id}`))}
        >
          Delete
        </button>
      </form>
      {view}
    </li>
  );
}

function Channels({ session, guildId }: { session: InstanceSession; guildId: string }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<number>(ChannelType.guildText);
  const [parent, setParent] = useState('');
  const { run, view } = useFeedback();
  const channels = session.guildChannels(guildId).filter((channel) => channel.type < 10 || channel.type > 12);
  const categories = channels.filter((channel) => channel.type === ChannelType.guildCategory);
  return (
    <div class="stack">
      <form
        class="inline-form wrap"
        onSubmit={async (event) => {
          event.preventDefault();
          const body: Record<string, unknown> = { name: name.trim(), type };
          if (parent && type !== ChannelType.guildCategory) body.parent_id = parent;
          if (await run(() => session.api.post(`/guilds/${guildId}/channels`, body), 'Channel created.')) setName('');
        }}
      >
        <label>
          New channel name
          <input value={name} required maxLength={100} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <label>
          Type
          <select value={type} onChange={(event) => setType(Number(event.currentTarget.value))}>
            <option value={ChannelType.guildText}>Text</option>
            <option value={ChannelType.guildCategory}>Category</option>
            <option value={ChannelType.guildVoice}>Voice</option>
          </select>
        </label>
        <label>
          Category
          <select value={parent} onChange={(event) => setParent(event.currentTarget.value)} disabled={type === ChannelType.guildCategory}>
            <option value="">None</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          Create channel
        </button>
      </form>
      {view}
      <ul class="settings-list">
        {channels.map((channel) => (
          <ChannelRow key={`${channel.id}:${channel.name}`} session={session} channel={channel} />
        ))}
      </ul>
    </div>
  );
}

function Members({ session, guildId }: { session: InstanceSession; guildId: string }) {
  const state = session.guilds.get(guildId)!;
  const { run, view } = useFeedback();
  const permissions = session.guildPermissions(guildId);
  const canRoles = has(permissions, Permission.manageRoles);
  const canKick = has(permissions, Permission.kickMembers);
  const canBan = has(permissions, Permission.banMembers);
  const roles = session.sortedRoles(guildId).filter((role) => role.id !== guildId && !role.managed);
  useEffect(() => session.requestMembers(guildId), [guildId]);
  return (
    <div class="stack">
      {view}
      <ul class="settings-list">
        {[...state.members.values()].map((member) => {
          const name = session.displayName(member.user.id, guildId);
          const isOwner = member.user.id === state.guild.owner_id;
          return (
            <li key={member.user.id} class="settings-row">
              <div class="inline-form wrap">
                <strong>{name}</strong>
                <span class="hint">{member.user.username}</span>
                {canRoles &&
                  roles.map((role) => (
                    <label key={role.id} class="checkbox">
                      <input
                        type="checkbox"
                        checked={member.roles.includes(role.id)}
                        onChange={(event) => {
                          const method = event.currentTarget.checked ? 'PUT' : 'DELETE';
                          run(() => session.api.request(method, `/guilds/${guildId}/members/${member.user.id}/roles/${role.id}`));
                        }}
                      />
                      {role.name}
                    </label>
                  ))}
                {!isOwner && member.user.id !== session.userId && canKick && (
                  <button type="button" onClick={() => window.confirm(`Kick ${name}?`) && run(() => session.api.delete(`/guilds/${guildId}/members/${member.user.id}`), `${name} was kicked.`)}>
                    Kick
                  </button>
                )}
                {!isOwner && member.user.id !== session.userId && canBan && (
                  <button
                    type="button"
                    class="danger"
                    onClick={() => {
                      // The reason goes in the audit log header, as Discord takes it.
                      const reason = window.prompt(`Ban ${name}? Reason (optional):`, '');
                      if (reason === null) return;
                      const headers: Record<string, string> = reason.trim() ? { 'x-audit-log-reason': encodeURIComponent(reason.trim()) } : {};
                      run(() => session.api.request('PUT', `/guilds/${guildId}/bans/${member.user.id}`, {}, headers), `${name} was banned.`);
                    }}
                  >
                    Ban
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Invites({ session, guildId }: { session: InstanceSession; guildId: string }) {
  const { items, run, view, reload } = useGuildList<Invite>(session, `/guilds/${guildId}/invites`);
  return (
    <GuildListPanel items={items} feedback={view} emptyText="No invites.">
      {(invites) => (
        <table class="settings-table">
          <thead>
            <tr>
              <th scope="col">Link</th>
              <th scope="col">Channel</th>
              <th scope="col">Uses</th>
              <th scope="col">By</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invites.map((invite) => (
              <tr key={invite.code}>
                <td>
                  <code>{inviteLink(session, invite.code)}</code>
                </td>
                <td>#{invite.channel?.name}</td>
                <td>
                  {invite.uses ?? 0}
                  {invite.max_uses ? ` / ${invite.max_uses}` : ''}
                </td>
                <td>{invite.inviter ? invite.inviter.global_name || invite.inviter.username : '—'}</td>
                <td>{invite.expires_at ? new Date(invite.expires_at).toLocaleString() : 'Never'}</td>
                <td>
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete invite ${invite.code}`}
                    onClick={() => run(() => session.api.delete(`/invites/${invite.code}`)).then((ok) => ok && reload())}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </GuildListPanel>
  );
}

function Bans({ session, guildId }: { session: InstanceSession; guildId: string }) {
  const { items, run, view, reload } = useGuildList<Ban>(session, `/guilds/${guildId}/bans`);
  return (
    <GuildListPanel items={items} feedback={view} emptyText="Nobody is banned.">
      {(bans) => (
        <ul class="settings-list">
          {bans.map((ban) => (
            <li key={ban.user.id} class="settings-row inline-form">
              <strong>{ban.user.global_name || ban.user.username}</strong>
              <span class="hint">{ban.reason ?? 'No reason given'}</span>
              <button
                type="button"
                aria-label={`Unban ${ban.user.username}`}
                onClick={() => run(() => session.api.delete(`/guilds/${guildId}/bans/${ban.user.id}`)).then((ok) => ok && reload())}
              >
                Unban
              </button>
            </li>
          ))}
        </ul>
      )}
    </GuildListPanel>
  );
}

export function GuildSettingsDialog({
  session,
  guildId,
  onClose,
  onDeleted,
}: {
  session: InstanceSession;
  guildId: string;
  onClose: () => void;
  onDeleted: () => void;
}) {
  useSession(session);
  const state = session.guilds.get(guildId);
  const permissions = session.guildPermissions(guildId);
  const tabs: [Tab, string, boolean][] = [
    ['overview', 'Overview', has(permissions, Permission.manageGuild)],
    ['roles', 'Roles', has(permissions, Permission.manageRoles)],
    ['channels', 'Channels', has(permissions, Permission.manageChannels)],
    ['members', 'Members', [Permission.manageRoles, Permission.kickMembers, Permission.banMembers].some((bit) => has(permissions, bit))],
    ['invites', 'Invites', has(permissions, Permission.manageGuild)],
    ['bans', 'Bans', has(permissions, Permission.banMembers)],
  ];
  const allowed = tabs.filter(([, , ok]) => ok);
  const [tab, setTab] = useState<Tab>(allowed[0]?.[0] ?? 'overview');
  if (!state) return null;
  return (
    <Modal title={`${state.guild.name} settings`} onClose={onClose} wide>
      <div class="tabs" role="tablist" aria-label="Guild settings sections">
        {allowed.map(([id, title]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`guild-tab-${id}`}
            aria-selected={tab === id}
            aria-controls="guild-settings-panel"
            class={tab === id ? 'tab selected' : 'tab'}
            onClick={() => setTab(id)}
          >
            {title}
          </button>
        ))}
      </div>
      <div id="guild-settings-panel" role="tabpanel" aria-labelledby={`guild-tab-${tab}`}>
        {allowed.length === 0 && <p>You cannot change anything in this guild.</p>}
        {tab === 'overview' && <Overview session={session} guildId={guildId} onDeleted={onDeleted} />}
        {tab === 'roles' && <Roles session={session} guildId={guildId} />}
        {tab === 'channels' && <Channels session={session} guildId={guildId} />}
        {tab === 'members' && <Members session={session} guildId={guildId} />}
        {tab === 'invites' && <Invites session={session} guildId={guildId} />}
        {tab === 'bans' && <Bans session={session} guildId={guildId} />}
      </div>
    </Modal>
  );
}
