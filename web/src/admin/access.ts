// What the signed-in account may do here. Rights are never shown to clients (not even on
// /users/@me), so the panel asks the admin routes themselves: each answers 403 to those without
// the right it needs.
import { ApiError } from '../shared/http';
import type { AdminApi } from './api';

export interface Access {
  operator: boolean; // configuration and statistics
  manageUsers: boolean; // users and reports
  manageGuilds: boolean; // guilds
}

export const noAccess: Access = { operator: false, manageUsers: false, manageGuilds: false };

export function hasAnyAccess(access: Access): boolean {
  return access.operator || access.manageUsers || access.manageGuilds;
}

async function allowed(request: Promise<unknown>): Promise<boolean> {
  try {
    await request;
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return false;
    throw error;
  }
}

export async function probeAccess(api: AdminApi): Promise<Access> {
  const [operator, manageUsers, manageGuilds] = await Promise.all([
    allowed(api.stats()),
    allowed(api.users('', { after: null, limit: 1 })),
    allowed(api.guilds('', { after: null, limit: 1 })),
  ]);
  return { operator, manageUsers, manageGuilds };
}
