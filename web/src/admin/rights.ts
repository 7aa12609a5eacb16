// Instance rights (src/auth/rights.hpp): bits on an account, separate from guild permissions.
export const Rights = {
  operator: 1 << 0,
  manageUsers: 1 << 1,
  manageGuilds: 1 << 2,
  bypassRateLimits: 1 << 3,
} as const;

export const rightNames: { bit: number; name: string; description: string }[] = [
  { bit: Rights.operator, name: 'Operator', description: 'Runs the instance: every right, configuration and statistics.' },
  { bit: Rights.manageUsers, name: 'Manage users', description: 'Find, disable and delete accounts; handle reports.' },
  { bit: Rights.manageGuilds, name: 'Manage guilds', description: 'Find and delete guilds.' },
  { bit: Rights.bypassRateLimits, name: 'Bypass rate limits', description: 'Never rate limited.' },
];

export function describeRights(rights: number): string {
  const names = rightNames.filter((right) => (rights & right.bit) !== 0).map((right) => right.name);
  return names.length ? names.join(', ') : 'None';
}
