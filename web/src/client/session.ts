// Everything the client knows about one instance while logged in there: the REST client, the
// gateway connection, and the state the gateway keeps current (guilds, channels, members, presences,
// messages, relationships, typing, unread). Components read it directly and re-render when
// `subscribe` calls them back.
import { ApiClient } from '../shared/http';
import { channelPermissions, guildPermissions } from '../shared/permissions';
import type {
  Attachment,
  Channel,
  Emoji,
  Guild,
  Member,
  Message,
  Presence,
  Ready,
  ReadStateEntry,
  Relationship,
  Role,
  Status,
  User,
} from '../shared/types';
import { ChannelType } from '../shared/types';
import { GatewayConnection, type GatewayStatus } from './gateway';
import { compareIds } from './ids';

export interface GuildState {
  guild: Guild;
  roles: Map<string, Role>;
  channelIds: Set<string>;
  members: Map<string, Member>;
  membersRequested: boolean;
}

export interface ChannelMessages {
  // Oldest first.
  messages: Message[];
  reachedStart: boolean;
  loading: boolean;
}

export interface Upload {
  id: number;
  channelId: string;
  filename: string;
  loaded: number;
  total: number;
  error?: string;
}

const TYPING_MS = 10_000;
const PAGE_SIZE = 50;

let nextUploadId = 1;

export class InstanceSession {
  readonly api: ApiClient;
  readonly userId: string;
  user: User | null = null;
  status: GatewayStatus | 'starting' = 'starting';
  ready = false;
  guilds = new Map<string, GuildState>();
  channels = new Map<string, Channel>();
  users = new Map<string, User>();
  presences = new Map<string, Status>();
  relationships = new Map<string, Relationship>();
  messages = new Map<string, ChannelMessages>();
  lastRead = new Map<string, string>();
  typing = new Map<string, Map<string, number>>();
  uploads: Upload[] = [];
  version = 0;
  // When we last told each channel we are typing.
  private typingSentAt = new Map<string, number>();
  // Channels shown right now, by the pane showing them: their new messages are read at once.
  private openChannels = new Map<string, string>();
  private gateway: GatewayConnection | null = null;
  private listeners = new Set<() => void>();
  private notifyScheduled = false;
  private ackTimers = new Map<string, number>();

  constructor(
    readonly baseUrl: string,
    readonly token: string,
    userId: string,
    private readonly onLoggedOut: (session: InstanceSession) => void,
  ) {
    this.api = new ApiClient(baseUrl, token);
    this.userId = userId;
  }

  get host(): string {
    return new URL(this.baseUrl).host;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Many gateway events can arrive in one task; listeners hear about them once.
  changed(): void {
    this.version++;
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      for (const listener of [...this.listeners]) listener();
    });
  }

  async connect(): Promise<void> {
    const { url } = await this.api.get<{ url: string }>('/gateway');
    this.gateway = new GatewayConnection({
      gatewayUrl: url,
      token: this.token,
      onDispatch: (type, data) => this.dispatch(type, data),
      onStatus: (status) => {
        this.status = status;
        this.changed();
      },
      onAuthFailed: () => this.onLoggedOut(this),
    });
    this.gateway.start();
    window.addEventListener('pagehide', this.flushAcks);
  }

  disconnect(): void {
    this.gateway?.stop();
    this.gateway = null;
    window.removeEventListener('pagehide', this.flushAcks);
    this.flushAcks();
  }

  async logout(): Promise<void> {
    try {
      await this.api.post('/auth/logout', {});
    } catch {
      // The token is forgotten locally either way.
    }
    this.disconnect();
    this.onLoggedOut(this);
  }

  // ---- lookups ----

  guildOf(channelId: string): GuildState | undefined {
    const guildId = this.channels.get(channelId)?.guild_id;
    return guildId ? this.guilds.get(guildId) : undefined;
  }

  sortedGuilds(): GuildState[] {
    return [...this.guilds.values()].sort((a, b) => compareIds(a.guild.id, b.guild.id));
  }

  guildChannels(guildId: string): Channel[] {
    const state = this.guilds.get(guildId);
    if (!state) return [];
    return [...state.channelIds]
      .map((id) => this.channels.get(id))
      .filter((channel): channel is Channel => channel !== undefined)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || compareIds(a.id, b.id));
  }

  // The first text channel of a guild, in sidebar order: where a guild opens by default.
  defaultChannel(guildId: string): string | null {
    const all = this.guildChannels(guildId);
    const categoryPosition = new Map(
      all.filter((channel) => channel.type === ChannelType.guildCategory).map((channel) => [channel.id, channel.position ?? 0]),
    );
    const text = all.filter((channel) => channel.type === ChannelType.guildText || channel.type === ChannelType.guildAnnouncement);
    text.sort(
      (a, b) =>
        (categoryPosition.get(a.parent_id ?? '') ?? -1) - (categoryPosition.get(b.parent_id ?? '') ?? -1) ||
        (a.position ?? 0) - (b.position ?? 0),
    );
    return text[0]?.id ?? null;
  }

  privateChannels(): Channel[] {
    return [...this.channels.values()]
      .filter((channel) => channel.type === ChannelType.dm || channel.type === ChannelType.groupDm)
      .sort((a, b) => compareIds(b.last_message_id ?? b.id, a.last_message_id ?? a.id));
  }

  sortedRoles(guildId: string): Role[] {
    const state = this.guilds.get(guildId);
    if (!state) return [];
    return [...state.roles.values()].sort((a, b) => b.position - a.position || compareIds(a.id, b.id));
  }

  member(guildId: string | undefined, userId: string): Member | undefined {
    return guildId ? this.guilds.get(guildId)?.members.get(userId) : undefined;
  }

  displayName(userId: string, guildId?: string): string {
    const member = this.member(guildId, userId);
    const user = member?.user ?? this.users.get(userId);
    return member?.nick || user?.global_name || user?.username || 'Unknown user';
  }

  // The colour of a member's highest coloured role, as a CSS colour, if any.
  roleColor(guildId: string | undefined, userId: string): string | undefined {
    const member = this.member(guildId, userId);
    const state = guildId ? this.guilds.get(guildId) : undefined;
    if (!member || !state) return undefined;
    let best: Role | undefined;
    for (const roleId of member.roles) {
      const role = state.roles.get(roleId);
      if (role && role.color && (!best || role.position > best.position)) best = role;
    }
    return best ? `#${best.color.toString(16).padStart(6, '0')}` : undefined;
  }

  avatarUrl(user: Pick<User, 'id' | 'avatar'> | undefined): string | null {
    if (!user?.avatar) return null;
    return this.api.cdn(`/avatars/${user.id}/${user.avatar}.png`);
  }

  guildIconUrl(guild: Guild): string | null {
    return guild.icon ? this.api.cdn(`/icons/${guild.id}/${guild.icon}.png`) : null;
  }

  emojiUrl(id: string, animated = false): string {
    return this.api.cdn(`/emojis/${id}.${animated ? 'gif' : 'png'}`);
  }

  channelName(channel: Channel): string {
    if (channel.type === ChannelType.dm || channel.type === ChannelType.groupDm) {
      if (channel.name) return channel.name;
      const names = (channel.recipients ?? []).map((user) => user.global_name || user.username);
      return names.join(', ') || 'Direct message';
    }
    return channel.name ?? 'unnamed';
  }

  permissionsIn(channelId: string): bigint {
    const channel = this.channels.get(channelId);
    if (!channel?.guild_id) return -1n; // DMs: everything a DM allows
    const state = this.guilds.get(channel.guild_id);
    if (!state) return 0n;
    return channelPermissions(state.guild, [...state.roles.values()], state.members.get(this.userId), this.userId, channel);
  }

  guildPermissions(guildId: string): bigint {
    const state = this.guilds.get(guildId);
    if (!state) return 0n;
    return guildPermissions(state.guild, [...state.roles.values()], state.members.get(this.userId), this.userId);
  }

  isUnread(channelId: string): boolean {
    const channel = this.channels.get(channelId);
    if (!channel?.last_message_id) return false;
    const read = this.lastRead.get(channelId);
    return !read || compareIds(read, channel.last_message_id) < 0;
  }

  guildHasUnread(guildId: string): boolean {
    const state = this.guilds.get(guildId);
    if (!state) return false;
    for (const id of state.channelIds) {
      const channel = this.channels.get(id);
      if (channel && channel.type !== ChannelType.guildCategory && this.isUnread(id)) return true;
    }
    return false;
  }

  typingUsers(channelId: string): string[] {
    const now = Date.now();
    const byUser = this.typing.get(channelId);
    if (!byUser) return [];
    return [...byUser.entries()].filter(([userId, until]) => until > now && userId !== this.userId).map(([userId]) => userId);
  }

  // ---- what panes tell us ----

  setOpenChannel(paneId: string, channelId: string | null): void {
    if (channelId) this.openChannels.set(paneId, channelId);
    else this.openChannels.delete(paneId);
    if (channelId) this.markRead(channelId);
  }

  private isOpen(channelId: string): boolean {
    for (const open of this.openChannels.values()) if (open === channelId) return true;
    return false;
  }

  // Marks the channel read up to its last message, telling the server shortly after (one ack
  // for a burst of messages).
  markRead(channelId: string): void {
    const last = this.channels.get(channelId)?.last_message_id;
    if (!last || this.lastRead.get(channelId) === last) return;
    this.lastRead.set(channelId, last);
    this.changed();
    window.clearTimeout(this.ackTimers.get(channelId));
    this.ackTimers.set(
      channelId,
      window.setTimeout(() => {
        this.ackTimers.delete(channelId);
        this.sendAck(channelId);
      }, 300),
    );
  }

  // keepalive lets the ack outlive the page when it is closed or reloaded right after reading.
  private sendAck(channelId: string): void {
    const id = this.lastRead.get(channelId);
    if (!id) return;
    fetch(`${this.api.apiBase}/channels/${channelId}/messages/${id}/ack`, {
      method: 'POST',
      keepalive: true,
      headers: { authorization: this.token, 'content-type': 'application/json' },
      body: '{"token":null}',
    }).catch(() => {});
  }

  private flushAcks = (): void => {
    for (const [channelId, timer] of this.ackTimers) {
      window.clearTimeout(timer);
      this.sendAck(channelId);
    }
    this.ackTimers.clear();
  };

  requestMembers(guildId: string): void {
    const state = this.guilds.get(guildId);
    if (!state || state.membersRequested) return;
    state.membersRequested = true;
    this.gateway?.requestGuildMembers(guildId);
  }

  setStatus(status: Status): void {
    this.gateway?.updatePresence(status);
    this.api.patch('/users/@me/settings', { status }).catch(() => {});
  }

  // ---- messages ----

  async loadMessages(channelId: string, older = false): Promise<void> {
    let state = this.messages.get(channelId);
    if (state?.loading || (older && state?.reachedStart)) return;
    if (state && !older) return;
    if (!state) {
      state = { messages: [], reachedStart: false, loading: true };
      this.messages.set(channelId, state);
    }
    state.loading = true;
    this.changed();
    const before = older && state.messages.length ? `&before=${state.messages[0].id}` : '';
    try {
      const page = await this.api.get<Message[]>(`/channels/${channelId}/messages?limit=${PAGE_SIZE}${before}`);
      const current = this.messages.get(channelId);
      if (current !== state) return; // reset meanwhile (a new READY)
      const known = new Set(state.messages.map((message) => message.id));
      const fresh = page.filter((message) => !known.has(message.id)).reverse();
      for (const message of fresh) this.rememberUser(message.author);
      state.messages = older ? [...fresh, ...state.messages] : [...fresh, ...state.messages].sort((a, b) => compareIds(a.id, b.id));
      state.reachedStart = page.length < PAGE_SIZE;
    } catch (error) {
      if (!older) this.messages.delete(channelId);
      throw error;
    } finally {
      state.loading = false;
      this.changed();
    }
  }

  async sendMessage(channelId: string, content: string, replyTo?: string): Promise<void> {
    const body: Record<string, unknown> = { content, nonce: String(Date.now()) + String(Math.floor(Math.random() * 1000)) };
    if (replyTo) body.message_reference = { message_id: replyTo, channel_id: channelId, fail_if_not_exists: false };
    // The message ends our typing on the other side; the next keystroke says so again.
    this.typingSentAt.delete(channelId);
    const message = await this.api.post<Message>(`/channels/${channelId}/messages`, body);
    this.addMessage(message);
  }

  async sendFiles(channelId: string, files: File[], content: string, replyTo?: string): Promise<void> {
    const upload: Upload = {
      id: nextUploadId++,
      channelId,
      filename: files.map((file) => file.name).join(', '),
      loaded: 0,
      total: files.reduce((sum, file) => sum + file.size, 0),
    };
    this.uploads = [...this.uploads, upload];
    this.typingSentAt.delete(channelId);
    this.changed();
    const form = new FormData();
    const payload: Record<string, unknown> = {
      content,
      attachments: files.map((file, index) => ({ id: index, filename: file.name })),
    };
    if (replyTo) payload.message_reference = { message_id: replyTo, channel_id: channelId, fail_if_not_exists: false };
    form.append('payload_json', JSON.stringify(payload));
    files.forEach((file, index) => form.append(`files[${index}]`, file, file.name));
    try {
      const message = await this.api.upload<Message>(`/channels/${channelId}/messages`, form, (progress) => {
        upload.loaded = progress.loaded;
        upload.total = progress.total;
        this.changed();
      });
      this.addMessage(message);
      this.uploads = this.uploads.filter((entry) => entry !== upload);
    } catch (error) {
      upload.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      this.changed();
    }
  }

  dismissUpload(id: number): void {
    this.uploads = this.uploads.filter((upload) => upload.id !== id);
    this.changed();
  }

  async editMessage(message: Message, content: string): Promise<void> {
    const updated = await this.api.patch<Message>(`/channels/${message.channel_id}/messages/${message.id}`, { content });
    this.updateMessage(updated);
  }

  async deleteMessage(message: Message): Promise<void> {
    await this.api.delete(`/channels/${message.channel_id}/messages/${message.id}`);
    this.removeMessage(message.channel_id, message.id);
  }

  // Reactions change when the gateway says so, so that counts never go twice.
  async toggleReaction(message: Message, emoji: Emoji): Promise<void> {
    const existing = message.reactions?.find((reaction) => sameEmoji(reaction.emoji, emoji));
    const key = encodeURIComponent(emoji.id ? `${emoji.name}:${emoji.id}` : (emoji.name ?? ''));
    const path = `/channels/${message.channel_id}/messages/${message.id}/reactions/${key}/@me`;
    if (existing?.me) await this.api.delete(path);
    else await this.api.put(path);
  }

  // Tells the server at most every 8 s while the person keeps typing.
  startTyping(channelId: string): void {
    const last = this.typingSentAt.get(channelId) ?? 0;
    if (Date.now() - last < 8_000) return;
    this.typingSentAt.set(channelId, Date.now());
    this.api.post(`/channels/${channelId}/typing`, {}).catch(() => {});
  }

  // What a REST answer returned, shown before (or instead of) the matching gateway event.
  rememberChannel(channel: Channel): void {
    this.addChannel(channel);
    this.changed();
  }

  rememberGuild(guild: Guild): void {
    if (this.guilds.has(guild.id)) return;
    this.addGuild(guild);
    this.changed();
  }

  // ---- gateway dispatches ----

  private dispatch(type: string, data: unknown): void {
    const d = data as Record<string, unknown>;
    switch (type) {
      case 'READY':
        this.onReady(data as Ready);
        break;
      case 'RESUMED':
        break;
      case 'GUILD_CREATE':
        this.addGuild(data as Guild);
        break;
      case 'GUILD_UPDATE': {
        const state = this.guilds.get(d.id as string);
        if (state) {
          const update = data as Guild;
          state.guild = { ...state.guild, ...update };
          if (update.roles) state.roles = new Map(update.roles.map((role) => [role.id, role]));
        }
        break;
      }
      case 'GUILD_DELETE':
        this.removeGuild(d.id as string);
        break;
      case 'CHANNEL_CREATE':
      case 'CHANNEL_UPDATE':
      case 'THREAD_CREATE':
      case 'THREAD_UPDATE':
        this.addChannel(data as Channel);
        break;
      case 'CHANNEL_DELETE':
      case 'THREAD_DELETE': {
        const channel = data as Channel;
        this.channels.delete(channel.id);
        if (channel.guild_id) this.guilds.get(channel.guild_id)?.channelIds.delete(channel.id);
        break;
      }
      case 'GUILD_MEMBER_ADD':
      case 'GUILD_MEMBER_UPDATE': {
        const member = data as Member & { guild_id: string };
        const state = this.guilds.get(member.guild_id);
        if (state) {
          const previous = state.members.get(member.user.id);
          state.members.set(member.user.id, { ...previous, ...member });
        }
        this.rememberUser(member.user);
        break;
      }
      case 'GUILD_MEMBER_REMOVE': {
        const { guild_id, user } = data as { guild_id: string; user: User };
        this.guilds.get(guild_id)?.members.delete(user.id);
        break;
      }
      case 'GUILD_MEMBERS_CHUNK': {
        const chunk = data as { guild_id: string; members: Member[]; presences?: Presence[] };
        const state = this.guilds.get(chunk.guild_id);
        for (const member of chunk.members) {
          state?.members.set(member.user.id, member);
          this.rememberUser(member.user);
        }
        for (const presence of chunk.presences ?? []) this.presences.set(presence.user.id, presence.status);
        break;
      }
      case 'GUILD_ROLE_CREATE':
      case 'GUILD_ROLE_UPDATE': {
        const { guild_id, role } = data as { guild_id: string; role: Role };
        this.guilds.get(guild_id)?.roles.set(role.id, role);
        break;
      }
      case 'GUILD_ROLE_DELETE': {
        const { guild_id, role_id } = data as { guild_id: string; role_id: string };
        const state = this.guilds.get(guild_id);
        state?.roles.delete(role_id);
        for (const member of state?.members.values() ?? []) member.roles = member.roles.filter((id) => id !== role_id);
        break;
      }
      case 'PRESENCE_UPDATE': {
        const presence = data as Presence;
        this.presences.set(presence.user.id, presence.status);
        if (presence.user.username) this.rememberUser(presence.user as User);
        break;
      }
      case 'RELATIONSHIP_ADD': {
        const relationship = data as Relationship;
        this.relationships.set(relationship.id, relationship);
        this.rememberUser(relationship.user);
        break;
      }
      case 'RELATIONSHIP_REMOVE':
        this.relationships.delete(d.id as string);
        break;
      case 'USER_UPDATE':
        this.user = { ...this.user, ...(data as User) };
        this.rememberUser(this.user);
        break;
      case 'MESSAGE_CREATE': {
        const message = data as Message;
        this.addMessage(message);
        this.typing.get(message.channel_id)?.delete(message.author.id);
        break;
      }
      case 'MESSAGE_UPDATE':
        this.updateMessage(data as Partial<Message> & { id: string; channel_id: string });
        break;
      case 'MESSAGE_DELETE':
        this.removeMessage(d.channel_id as string, d.id as string);
        break;
      case 'MESSAGE_DELETE_BULK':
        for (const id of d.ids as string[]) this.removeMessage(d.channel_id as string, id);
        break;
      case 'MESSAGE_REACTION_ADD':
      case 'MESSAGE_REACTION_REMOVE': {
        const event = data as { channel_id: string; message_id: string; user_id: string; emoji: Emoji };
        this.applyReaction(event, type === 'MESSAGE_REACTION_ADD' ? 1 : -1);
        break;
      }
      case 'MESSAGE_REACTION_REMOVE_ALL':
      case 'MESSAGE_REACTION_REMOVE_EMOJI': {
        const event = data as { channel_id: string; message_id: string; emoji?: Emoji };
        const message = this.findMessage(event.channel_id, event.message_id);
        if (message) {
          message.reactions = event.emoji
            ? (message.reactions ?? []).filter((reaction) => !sameEmoji(reaction.emoji, event.emoji!))
            : [];
          this.touchMessage(message);
        }
        break;
      }
      case 'TYPING_START': {
        const event = data as { channel_id: string; user_id: string; member?: Member };
        if (event.member?.user) this.rememberUser(event.member.user);
        let byUser = this.typing.get(event.channel_id);
        if (!byUser) this.typing.set(event.channel_id, (byUser = new Map()));
        byUser.set(event.user_id, Date.now() + TYPING_MS);
        // Re-render when it runs out, so the indicator disappears on its own.
        window.setTimeout(() => this.changed(), TYPING_MS + 50);
        break;
      }
      default:
        return; // nothing we show changed
    }
    this.changed();
  }

  private onReady(ready: Ready): void {
    this.ready = true;
    this.user = ready.user;
    // Guilds still listed stay shown until their GUILD_CREATE replaces them; the rest are gone.
    const listed = new Set(ready.guilds.map((guild) => guild.id));
    for (const id of [...this.guilds.keys()]) if (!listed.has(id)) this.removeGuild(id);
    for (const channel of [...this.channels.values()]) if (!channel.guild_id) this.channels.delete(channel.id);
    this.relationships.clear();
    // Messages may have been missed: panes load them again.
    this.messages.clear();
    this.rememberUser(ready.user);
    for (const guild of ready.guilds) if (!guild.unavailable) this.addGuild(guild);
    for (const channel of ready.private_channels) this.addChannel(channel);
    for (const relationship of ready.relationships) {
      this.relationships.set(relationship.id, relationship);
      this.rememberUser(relationship.user);
    }
    for (const presence of ready.presences ?? []) this.presences.set(presence.user.id, presence.status);
    this.presences.set(ready.user.id, ready.user_settings?.status ?? 'online');
    const entries: ReadStateEntry[] = Array.isArray(ready.read_state) ? ready.read_state : (ready.read_state?.entries ?? []);
    this.lastRead.clear();
    for (const entry of entries) this.lastRead.set(entry.id, entry.last_message_id);
    for (const channelId of this.openChannels.values()) this.markRead(channelId);
  }

  private addGuild(guild: Guild): void {
    const previous = this.guilds.get(guild.id);
    const state: GuildState = {
      guild,
      roles: new Map((guild.roles ?? []).map((role) => [role.id, role])),
      channelIds: new Set(),
      members: previous?.members ?? new Map(),
      membersRequested: previous?.membersRequested ?? false,
    };
    this.guilds.set(guild.id, state);
    for (const channel of [...(guild.channels ?? []), ...(guild.threads ?? [])]) {
      this.addChannel({ ...channel, guild_id: guild.id });
    }
    for (const member of guild.members ?? []) {
      state.members.set(member.user.id, member);
      this.rememberUser(member.user);
    }
    for (const presence of guild.presences ?? []) this.presences.set(presence.user.id, presence.status);
    // The snapshot is complete for small guilds; big ones fill in through a member request.
    if (guild.member_count !== undefined && guild.member_count <= (guild.members?.length ?? 0)) state.membersRequested = true;
  }

  private removeGuild(guildId: string): void {
    const state = this.guilds.get(guildId);
    if (!state) return;
    for (const id of state.channelIds) this.channels.delete(id);
    this.guilds.delete(guildId);
  }

  private addChannel(channel: Channel): void {
    const previous = this.channels.get(channel.id);
    this.channels.set(channel.id, { ...previous, ...channel });
    if (channel.guild_id) this.guilds.get(channel.guild_id)?.channelIds.add(channel.id);
    for (const user of channel.recipients ?? []) this.rememberUser(user);
  }

  private rememberUser(user: User | undefined): void {
    if (user?.id) this.users.set(user.id, { ...this.users.get(user.id), ...user });
  }

  private findMessage(channelId: string, messageId: string): Message | undefined {
    return this.messages.get(channelId)?.messages.find((message) => message.id === messageId);
  }

  // Messages are replaced, not mutated in place, so that a list re-renders the changed one.
  private touchMessage(message: Message): void {
    const state = this.messages.get(message.channel_id);
    if (!state) return;
    state.messages = state.messages.map((existing) => (existing.id === message.id ? { ...message } : existing));
  }

  private addMessage(message: Message): void {
    this.rememberUser(message.author);
    const channel = this.channels.get(message.channel_id);
    if (channel && (!channel.last_message_id || compareIds(channel.last_message_id, message.id) < 0)) {
      channel.last_message_id = message.id;
    }
    const state = this.messages.get(message.channel_id);
    if (state && !state.messages.some((existing) => existing.id === message.id)) {
      state.messages = [...state.messages, message].sort((a, b) => compareIds(a.id, b.id));
    }
    if (message.author.id === this.userId || this.isOpen(message.channel_id)) this.markRead(message.channel_id);
    this.changed();
  }

  private updateMessage(update: Partial<Message> & { id: string; channel_id: string }): void {
    const state = this.messages.get(update.channel_id);
    if (!state) return;
    state.messages = state.messages.map((message) => (message.id === update.id ? { ...message, ...update } : message));
    this.changed();
  }

  private removeMessage(channelId: string, messageId: string): void {
    const state = this.messages.get(channelId);
    if (!state) return;
    state.messages = state.messages.filter((message) => message.id !== messageId);
    this.changed();
  }

  private applyReaction(event: { channel_id: string; message_id: string; user_id: string; emoji: Emoji }, delta: 1 | -1): void {
    const message = this.findMessage(event.channel_id, event.message_id);
    if (!message) return;
    const mine = event.user_id === this.userId;
    const reactions = [...(message.reactions ?? [])];
    const index = reactions.findIndex((reaction) => sameEmoji(reaction.emoji, event.emoji));
    if (index < 0) {
      if (delta > 0) reactions.push({ emoji: event.emoji, count: 1, me: mine });
    } else {
      const reaction = reactions[index];
      const count = reaction.count + delta;
      if (count <= 0) reactions.splice(index, 1);
      else reactions[index] = { ...reaction, count, me: mine ? delta > 0 : reaction.me };
    }
    message.reactions = reactions;
    this.touchMessage(message);
  }
}

export function sameEmoji(a: Emoji, b: Emoji): boolean {
  return a.id ? a.id === b.id : !b.id && a.name === b.name;
}

export function isImage(attachment: Attachment): boolean {
  if (attachment.content_type?.startsWith('image/')) return true;
  return /\.(png|jpe?g|gif|webp|avif)$/i.test(attachment.filename);
}
