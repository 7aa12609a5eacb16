// The admin API (/api/v10/admin/...) over the shared REST client. Every call that answers 401 tells
// the panel the session is gone, so it can ask the person to sign in again.
import { ApiClient, ApiError } from '../shared/http';
import type { User } from '../shared/types';

export type ConfigValue = boolean | number | string;
export type InstanceConfig = Record<string, ConfigValue>;

export interface AdminUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  bot: boolean;
  rights: number;
  disabled: boolean;
  created_at: string;
}

export interface AdminGuild {
  id: string;
  name: string;
  owner_id: string;
  member_count: number;
}

export interface Report {
  id: string;
  reporter_id: string;
  guild_id: string | null;
  channel_id: string | null;
  message_id: string | null;
  user_id: string | null;
  reason: string;
  created_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface InstanceStats {
  users: number;
  bots: number;
  guilds: number;
  channels: number;
  messages: number;
  sessions_online: number;
  events_dispatched: number;
  events_per_second: number;
  uptime_seconds: number;
}

export interface PageRequest {
  after: string | null;
  limit: number;
}

export class AdminApi {
  constructor(
    readonly client: ApiClient,
    private readonly onUnauthorized: () => void,
  ) {}

  private async run<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.onUnauthorized();
      throw error;
    }
  }

  me(): Promise<User> {
    return this.run(this.client.get<User>('/users/@me'));
  }

  config(): Promise<InstanceConfig> {
    return this.run(this.client.get<InstanceConfig>('/admin/config'));
  }

  changeConfig(changes: InstanceConfig): Promise<InstanceConfig> {
    return this.run(this.client.patch<InstanceConfig>('/admin/config', changes));
  }

  users(query: string, page: PageRequest): Promise<AdminUser[]> {
    return this.run(this.client.get<AdminUser[]>(`/admin/users?${pageQuery(page, { query })}`));
  }

  modifyUser(id: string, changes: { disabled?: boolean; rights?: number }): Promise<AdminUser> {
    return this.run(this.client.patch<AdminUser>(`/admin/users/${id}`, changes));
  }

  deleteUser(id: string): Promise<void> {
    return this.run(this.client.delete<void>(`/admin/users/${id}`));
  }

  guilds(query: string, page: PageRequest): Promise<AdminGuild[]> {
    return this.run(this.client.get<AdminGuild[]>(`/admin/guilds?${pageQuery(page, { query })}`));
  }

  deleteGuild(id: string): Promise<void> {
    return this.run(this.client.delete<void>(`/admin/guilds/${id}`));
  }

  reports(resolved: boolean, page: PageRequest): Promise<Report[]> {
    return this.run(this.client.get<Report[]>(`/admin/reports?${pageQuery(page, { resolved: String(resolved) })}`));
  }

  resolveReport(id: string): Promise<Report> {
    return this.run(this.client.patch<Report>(`/admin/reports/${id}`, {}));
  }

  stats(): Promise<InstanceStats> {
    return this.run(this.client.get<InstanceStats>('/admin/stats'));
  }

  async logout(): Promise<void> {
    await this.client.post<void>('/auth/logout');
  }
}

function pageQuery(page: PageRequest, extra: Record<string, string>): string {
  const params = new URLSearchParams(extra);
  params.set('limit', String(page.limit));
  if (page.after) params.set('after', page.after);
  return params.toString();
}
