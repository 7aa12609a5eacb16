// The Discord-shaped objects Accord's REST API and gateway send, reduced to the fields the web
// pages read. Snowflakes stay strings, as on the wire.

export interface User {
  id: string;
  username: string;
  discriminator?: string;
  global_name?: string | null;
  avatar?: string | null;
  bot?: boolean;
  mfa_enabled?: boolean;
  email?: string | null;
}

export interface Role {
  id: string;
  name: string;
  color: number;
  hoist: boolean;
  position: number;
  permissions: string;
  managed?: boolean;
  mentionable?: boolean;
}

export interface PermissionOverwrite {
  id: string;
  type: 0 | 1; // 0 role, 1 member
  allow: string;
  deny: string;
}

export const ChannelType = {
  guildText: 0,
  dm: 1,
  guildVoice: 2,
  groupDm: 3,
  guildCategory: 4,
  guildAnnouncement: 5,
  announcementThread: 10,
  publicThread: 11,
  privateThread: 12,
  guildStageVoice: 13,
  guildForum: 15,
} as const;

export interface Channel {
  id: string;
  type: number;
  name?: string | null;
  guild_id?: string;
  parent_id?: string | null;
  position?: number;
  topic?: string | null;
  last_message_id?: string | null;
  permission_overwrites?: PermissionOverwrite[];
  recipients?: User[];
  icon?: string | null;
}

export interface Member {
  user: User;
  nick?: string | null;
  roles: string[];
  joined_at?: string;
  avatar?: string | null;
}

export interface Emoji {
  id: string | null;
  name: string | null;
  animated?: boolean;
}

export interface Guild {
  id: string;
  name: string;
  icon: string | null;
  owner_id: string;
  roles: Role[];
  emojis?: Emoji[];
  channels?: Channel[];
  threads?: Channel[];
  members?: Member[];
  presences?: Presence[];
  member_count?: number;
  unavailable?: boolean;
  system_channel_id?: string | null;
}

export type Status = 'online' | 'idle' | 'dnd' | 'offline' | 'invisible';

export interface Presence {
  user: { id: string } & Partial<User>;
  status: Status;
  guild_id?: string;
}

export interface Attachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url?: string;
  content_type?: string | null;
  width?: number | null;
  height?: number | null;
}

export interface Reaction {
  emoji: Emoji;
  count: number;
  me: boolean;
}

export interface MessageReference {
  message_id?: string;
  channel_id?: string;
  guild_id?: string;
}

export interface Message {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: User;
  member?: Omit<Member, 'user'>;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  mentions: User[];
  mention_roles: string[];
  attachments: Attachment[];
  embeds: unknown[];
  reactions?: Reaction[];
  pinned: boolean;
  type: number;
  message_reference?: MessageReference;
  referenced_message?: Message | null;
  nonce?: string;
}

// 1 friend, 2 blocked, 3 incoming request, 4 outgoing request.
export interface Relationship {
  id: string;
  type: 1 | 2 | 3 | 4;
  user: User;
  nickname?: string | null;
}

export interface Invite {
  code: string;
  guild?: { id: string; name: string; icon: string | null };
  guild_id?: string;
  channel?: { id: string; name: string; type: number } | null;
  inviter?: User;
  uses?: number;
  max_uses?: number;
  max_age?: number;
  expires_at?: string | null;
  approximate_member_count?: number;
}

export interface Ban {
  user: User;
  reason: string | null;
}

export interface ReadStateEntry {
  id: string;
  last_message_id: string;
  mention_count?: number;
}

export interface Ready {
  session_id: string;
  resume_gateway_url: string;
  user: User;
  guilds: Guild[];
  private_channels: Channel[];
  relationships: Relationship[];
  presences?: Presence[];
  user_settings?: { theme?: string; status?: Status };
  read_state?: { entries: ReadStateEntry[] } | ReadStateEntry[];
}
