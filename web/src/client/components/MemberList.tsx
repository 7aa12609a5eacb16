// The guild's members, grouped under their highest hoisted role while online (then "Online" and
// "Offline"), names in their role colour, each with a presence dot.
import { useEffect } from 'preact/hooks';
import type { Member, Role } from '../../shared/types';
import type { InstanceSession } from '../session';
import { Avatar, STATUS_LABELS } from './Avatar';
import { Icon } from './Icon';

export function MemberList({ session, guildId, onClose }: { session: InstanceSession; guildId: string; onClose: () => void }) {
  useEffect(() => session.requestMembers(guildId), [session, guildId]);
  const state = session.guilds.get(guildId);
  if (!state) return null;
  const roles = session.sortedRoles(guildId);
  const hoisted = roles.filter((role) => role.hoist && role.id !== guildId);
  const groups = new Map<string, { title: string; color?: string; members: Member[] }>();
  for (const role of hoisted) groups.set(role.id, { title: role.name, members: [] });
  groups.set('online', { title: 'Online', members: [] });
  groups.set('offline', { title: 'Offline', members: [] });
  const statusOf = (userId: string) => {
    const status = session.presences.get(userId) ?? 'offline';
    return status === 'invisible' ? 'offline' : status;
  };
  for (const member of state.members.values()) {
    if (statusOf(member.user.id) === 'offline') {
      groups.get('offline')!.members.push(member);
      continue;
    }
    const top = hoisted.find((role: Role) => member.roles.includes(role.id));
    groups.get(top?.id ?? 'online')!.members.push(member);
  }
  const name = (member: Member) => session.displayName(member.user.id, guildId);
  return (
    <aside class="member-list" aria-label="Members">
      <header class="member-list-header">
        <h2>Members — {state.members.size}</h2>
        <button type="button" class="icon-button close-members" aria-label="Close member list" onClick={onClose}>
          <Icon name="close" size={18} />
        </button>
      </header>
      <div class="member-scroll">
        {[...groups.values()]
          .filter((group) => group.members.length)
          .map((group) => (
            <section key={group.title} class="member-group">
              <h3>
                {group.title} — {group.members.length}
              </h3>
              <ul>
                {group.members
                  .sort((a, b) => name(a).localeCompare(name(b)))
                  .map((member) => {
                    const status = statusOf(member.user.id);
                    const color = session.roleColor(guildId, member.user.id);
                    const memberRoles = roles.filter((role) => member.roles.includes(role.id));
                    return (
                      <li key={member.user.id} class={`member${status === 'offline' ? ' offline' : ''}`}>
                        <Avatar name={name(member)} url={session.avatarUrl(member.user)} size={32} status={status} />
                        <span class="member-names">
                          <span class="member-name" style={color ? { color } : undefined}>
                            {name(member)}
                          </span>
                          <span class="visually-hidden">, {STATUS_LABELS[status]}</span>
                          {memberRoles.length > 0 && (
                            <span class="member-roles">{memberRoles.map((role) => role.name).join(', ')}</span>
                          )}
                        </span>
                        {state.guild.owner_id === member.user.id && (
                          <span class="owner-crown" title="Guild owner">
                            <Icon name="crown" size={16} />
                            <span class="visually-hidden">Guild owner</span>
                          </span>
                        )}
                      </li>
                    );
                  })}
              </ul>
            </section>
          ))}
      </div>
    </aside>
  );
}
