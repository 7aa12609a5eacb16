// Dialogs about joining and growing guilds: create one, join one with an invite link or code,
// and make an invite link for a channel.
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../shared/http';
import type { Guild, Invite } from '../../shared/types';
import type { InstanceSession } from '../session';
import { readImageAsDataUri } from './files';
import { Modal } from './Modal';
import { FormError } from './FormError';

// The end of a dialog's form: Cancel, and the button that sends it (held while it is on its way).
function DialogFormActions({ submitLabel, busy, onCancel }: { submitLabel: string; busy: boolean; onCancel: () => void }) {
  return (
    <div class="dialog-actions">
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" class="primary" disabled={busy}>
        {submitLabel}
      </button>
    </div>
  );
}

export function CreateGuildDialog({
  session,
  onClose,
  onCreated,
}: {
  session: InstanceSession;
  onClose: () => void;
  onCreated: (guildId: string, channelId: string | null) => void;
}) {
  const [name, setName] = useState(session.user ? `${session.user.global_name || session.user.username}'s guild` : '');
  const [icon, setIcon] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const guild = await session.api.post<Guild>('/guilds', icon ? { name: name.trim(), icon } : { name: name.trim() });
      session.rememberGuild(guild);
      onCreated(guild.id, session.defaultChannel(guild.id));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal title="Create a guild" onClose={onClose}>
      <form class="stack" onSubmit={submit}>
        <p class="hint">A guild is where you and your friends talk, on {session.host}.</p>
        <label>
          Guild name
          <input value={name} required minLength={2} maxLength={100} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <label>
          Icon (optional)
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            onChange={async (event) => {
              const file = event.currentTarget.files?.[0];
              setIcon(file ? await readImageAsDataUri(file) : null);
            }}
          />
        </label>
        <FormError error={error} />
        <DialogFormActions submitLabel="Create" busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}

// "https://host/invite/abc", "host/invite/abc" or just "abc".
export function parseInvite(text: string): { baseUrl: string | null; code: string } | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const link = /^(?:(https?:\/\/)?([^/\s]+))?\/invite\/([\w-]+)\/?$/i.exec(trimmed);
  if (link && link[2]) return { baseUrl: new URL(`${link[1] ?? 'http://'}${link[2]}`).origin, code: link[3] };
  if (/^[\w-]+$/.test(trimmed)) return { baseUrl: null, code: trimmed };
  return null;
}

export function JoinGuildDialog({
  session,
  sessions,
  initialCode,
  onClose,
  onJoined,
}: {
  session: InstanceSession;
  sessions: InstanceSession[];
  initialCode?: string;
  onClose: () => void;
  onJoined: (instance: string, guildId: string, channelId: string | null) => void;
}) {
  const [text, setText] = useState(initialCode ?? '');
  const [preview, setPreview] = useState<Invite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseInvite(text);
  const target = parsed?.baseUrl ? sessions.find((candidate) => candidate.baseUrl === parsed.baseUrl) : session;

  useEffect(() => {
    setPreview(null);
    if (!parsed || !target) return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      target.api
        .get<Invite>(`/invites/${parsed.code}?with_counts=true`)
        .then((invite) => !cancelled && setPreview(invite))
        .catch(() => {});
    }, 250);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [parsed?.code, target]);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    if (!parsed) {
      setError('Paste an invite link such as https://chat.example.org/invite/AbCd1234, or its code.');
      return;
    }
    if (!target) {
      setError(`You are not logged in to ${parsed.baseUrl}. Add that server first (⊕ in the sidebar).`);
      return;
    }
    setBusy(true);
    try {
      const invite = await target.api.post<Invite>(`/invites/${parsed.code}`, {});
      const guildId = invite.guild?.id ?? invite.guild_id;
      if (guildId) onJoined(target.baseUrl, guildId, invite.channel?.id ?? null);
      else onClose();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Join a guild" onClose={onClose}>
      <form class="stack" onSubmit={submit}>
        <label>
          Invite link or code
          <input
            value={text}
            required
            autoFocus
            placeholder={`${session.baseUrl}/invite/AbCd1234`}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </label>
        {preview?.guild && (
          <div class="invite-preview" role="status">
            You are invited to <strong>{preview.guild.name}</strong>
            {preview.channel?.name ? ` (#${preview.channel.name})` : ''}
            {preview.approximate_member_count !== undefined ? ` · ${preview.approximate_member_count} members` : ''}
            {preview.inviter ? ` · by ${preview.inviter.global_name || preview.inviter.username}` : ''}
          </div>
        )}
        <FormError error={error} />
        <DialogFormActions submitLabel="Join guild" busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}

const EXPIRY_CHOICES: [number, string][] = [
  [1800, '30 minutes'],
  [3600, '1 hour'],
  [86400, '1 day'],
  [604800, '7 days'],
  [0, 'Never'],
];

export function inviteLink(session: InstanceSession, code: string): string {
  return `${session.baseUrl}/invite/${code}`;
}

export function CreateInviteDialog({ session, channelId, onClose }: { session: InstanceSession; channelId: string; onClose: () => void }) {
  const [maxAge, setMaxAge] = useState(86400);
  const [maxUses, setMaxUses] = useState(0);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const channel = session.channels.get(channelId);

  async function create() {
    setError(null);
    setCopied(false);
    try {
      setInvite(await session.api.post<Invite>(`/channels/${channelId}/invites`, { max_age: maxAge, max_uses: maxUses, unique: true }));
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    create();
  }, []);

  const link = invite ? inviteLink(session, invite.code) : '';
  return (
    <Modal title="Invite people" onClose={onClose}>
      <div class="stack">
        <p class="hint">Send this link to people you want in {channel ? `#${session.channelName(channel)}` : 'this channel'}.</p>
        <label for="invite-link">Invite link</label>
        <div class="inline-form">
            <input id="invite-link" readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
            <button
              type="button"
              class="primary"
              disabled={!link}
              onClick={() => {
                navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false));
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
        </div>
        <div class="inline-form">
          <label>
            Expire after
            <select value={maxAge} onChange={(event) => setMaxAge(Number(event.currentTarget.value))}>
              {EXPIRY_CHOICES.map(([seconds, title]) => (
                <option key={seconds} value={seconds}>
                  {title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Max uses (0 = no limit)
            <input type="number" min={0} max={100} value={maxUses} onInput={(event) => setMaxUses(Number(event.currentTarget.value) || 0)} />
          </label>
        </div>
        <FormError error={error} />
        <div class="dialog-actions">
          <button type="button" onClick={create}>
            Generate a new link
          </button>
          <button type="button" class="primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Modal>
  );
}
