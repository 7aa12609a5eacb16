// Discord's permission bits and how a member's permissions in a channel follow from roles and
// overwrites, so the client can hide what the server would refuse anyway.
import type { Channel, Guild, Member, PermissionOverwrite, Role } from './types';

export const Permission = {
  createInstantInvite: 1n << 0n,
  kickMembers: 1n << 1n,
  banMembers: 1n << 2n,
  administrator: 1n << 3n,
  manageChannels: 1n << 4n,
  manageGuild: 1n << 5n,
  addReactions: 1n << 6n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  manageMessages: 1n << 13n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  mentionEveryone: 1n << 17n,
  manageRoles: 1n << 28n,
} as const;

export const ALL_PERMISSIONS = (1n << 53n) - 1n;

export function has(permissions: bigint, bit: bigint): boolean {
  return (permissions & Permission.administrator) !== 0n || (permissions & bit) === bit;
}

function bits(value: string | undefined): bigint {
  try {
    return BigInt(value ?? '0');
  } catch {
    return 0n;
  }
}

// Guild-wide permissions: @everyone (whose id is the guild's) plus every role the member has.
export function guildPermissions(guild: Guild, roles: Role[], member: Member | undefined, userId: string): bigint {
  if (guild.owner_id === userId) return ALL_PERMISSIONS;
  const byId = new Map(roles.map((role) => [role.id, role]));
  let permissions = bits(byId.get(guild.id)?.permissions);
  for (const roleId of member?.roles ?? []) permissions |= bits(byId.get(roleId)?.permissions);
  if (permissions & Permission.administrator) return ALL_PERMISSIONS;
  return permissions;
}

// Channel permissions: the guild's, then the @everyone overwrite, the member's roles' overwrites
// together, and the member's own overwrite, each denying before allowing.
export function channelPermissions(
  guild: Guild,
  roles: Role[],
  member: Member | undefined,
  userId: string,
  channel: Channel | undefined,
): bigint {
  let permissions = guildPermissions(guild, roles, member, userId);
  if (permissions === ALL_PERMISSIONS || !channel) return permissions;
  const overwrites: PermissionOverwrite[] = channel.permission_overwrites ?? [];
  const apply = (overwrite: PermissionOverwrite | undefined) => {
    if (!overwrite) return;
    permissions = (permissions & ~bits(overwrite.deny)) | bits(overwrite.allow);
  };
  apply(overwrites.find((overwrite) => overwrite.id === guild.id));
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type === 0 && member?.roles.includes(overwrite.id)) {
      roleAllow |= bits(overwrite.allow);
      roleDeny |= bits(overwrite.deny);
    }
  }
  permissions = (permissions & ~roleDeny) | roleAllow;
  apply(overwrites.find((overwrite) => overwrite.type === 1 && overwrite.id === userId));
  return permissions;
}
