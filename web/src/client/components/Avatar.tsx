import type { Status } from '../../shared/types';

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '?';
  if (words.length === 1) return [...words[0]].slice(0, 2).join('').toUpperCase();
  return words
    .slice(0, 3)
    .map((word) => [...word][0])
    .join('')
    .toUpperCase();
}

// A round picture (or initials), with a presence dot when `status` is given.
export function Avatar({
  name,
  url,
  size = 32,
  status,
}: {
  name: string;
  url: string | null;
  size?: number;
  status?: Status;
}) {
  return (
    <span class="avatar" style={{ width: `${size}px`, height: `${size}px` }} aria-hidden="true">
      {url ? <img src={url} alt="" width={size} height={size} /> : <span class="avatar-initials">{initials(name)}</span>}
      {status && <span class={`presence-dot ${status === 'invisible' ? 'offline' : status}`} />}
    </span>
  );
}

export const STATUS_LABELS: Record<Status, string> = {
  online: 'Online',
  idle: 'Idle',
  dnd: 'Do not disturb',
  offline: 'Offline',
  invisible: 'Invisible',
};
