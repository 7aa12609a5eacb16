// One's account on an instance (avatar, display name, username) and the client's appearance
// (dark, light, or a theme CSS file of one's own), plus logging out of that instance.
import { useState } from 'preact/hooks';
import { errorText } from '../../shared/http';
import { currentTheme, setTheme, setUserThemeCss, userThemeCss, type ThemeName } from '../../shared/theme';
import type { User } from '../../shared/types';
import { useSession } from '../hooks';
import type { InstanceSession } from '../session';
import { Avatar } from './Avatar';
import { readImageAsDataUri } from './files';
import { Modal } from './Modal';

type Tab = 'account' | 'appearance';

function Feedback({ message }: { message: { text: string; error: boolean } | null }) {
  if (!message) return null;
  return (
    <p class={message.error ? 'form-error' : 'form-success'} role={message.error ? 'alert' : 'status'}>
      {message.text}
    </p>
  );
}

function AccountSettings({ session }: { session: InstanceSession }) {
  useSession(session);
  const user = session.user;
  const [displayName, setDisplayName] = useState(user?.global_name ?? '');
  const [username, setUsername] = useState(user?.username ?? '');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  if (!user) return <p>Connecting…</p>;

  async function update(body: Record<string, unknown>, done: string) {
    setMessage(null);
    try {
      const updated = await session.api.patch<User>('/users/@me', body);
      session.user = { ...session.user, ...updated };
      session.users.set(updated.id, { ...session.users.get(updated.id), ...updated });
      session.changed();
      setMessage({ text: done, error: false });
      return true;
    } catch (caught) {
      setMessage({ text: errorText(caught), error: true });
      return false;
    }
  }

  const name = user.global_name || user.username;
  return (
    <div class="stack">
      <div class="settings-avatar">
        <Avatar name={name} url={session.avatarUrl(user)} size={80} />
        <div class="stack">
          <label>
            Avatar image
            <input
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp"
              onChange={async (event) => {
                const input = event.currentTarget;
                const file = input.files?.[0];
                if (file) await update({ avatar: await readImageAsDataUri(file) }, 'Avatar updated.');
                input.value = '';
              }}
            />
          </label>
          {user.avatar && (
            <button type="button" onClick={() => update({ avatar: null }, 'Avatar removed.')}>
              Remove avatar
            </button>
          )}
        </div>
      </div>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          update({ global_name: displayName.trim() || null }, 'Display name saved.');
        }}
      >
        <label>
          Display name
          <input value={displayName} maxLength={32} placeholder={user.username} onInput={(event) => setDisplayName(event.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          Save display name
        </button>
      </form>
      <form
        class="stack"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await update({ username: username.trim(), password }, 'Username changed.')) setPassword('');
        }}
      >
        <label>
          Username
          <input value={username} required minLength={2} maxLength={32} onInput={(event) => setUsername(event.currentTarget.value)} />
        </label>
        <label>
          Current password (needed to change the username)
          <input type="password" autoComplete="current-password" value={password} required onInput={(event) => setPassword(event.currentTarget.value)} />
        </label>
        <button type="submit">Change username</button>
      </form>
      <Feedback message={message} />
      <p class="hint">Two-factor authentication: {user.mfa_enabled ? 'enabled' : 'not enabled'}.</p>
      <button type="button" class="danger" onClick={() => session.logout()}>
        Log out of {session.host}
      </button>
    </div>
  );
}

function AppearanceSettings() {
  const [theme, setThemeState] = useState<ThemeName>(currentTheme());
  const [hasCustom, setHasCustom] = useState(userThemeCss() !== null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const choose = (next: ThemeName) => {
    setTheme(next);
    setThemeState(next);
  };
  return (
    <div class="stack">
      <fieldset class="theme-choice">
        <legend>Theme</legend>
        {(['dark', 'light'] as ThemeName[]).map((choice) => (
          <label key={choice} class="radio">
            <input type="radio" name="theme" value={choice} checked={theme === choice} onChange={() => choose(choice)} />
            {choice === 'dark' ? 'Dark' : 'Light'}
          </label>
        ))}
      </fieldset>
      <label>
        Custom theme (a CSS file setting variables such as --bg, --text, --accent)
        <input
          type="file"
          accept=".css,text/css"
          onChange={async (event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            if (!file) return;
            try {
              setUserThemeCss(await file.text());
              setHasCustom(true);
              setMessage({ text: `Theme ${file.name} applied.`, error: false });
            } catch (caught) {
              setMessage({ text: errorText(caught), error: true });
            }
            input.value = '';
          }}
        />
      </label>
      {hasCustom && (
        <button
          type="button"
          onClick={() => {
            setUserThemeCss(null);
            setHasCustom(false);
            setMessage({ text: 'Custom theme removed.', error: false });
          }}
        >
          Remove custom theme
        </button>
      )}
      <Feedback message={message} />
    </div>
  );
}

export function UserSettingsDialog({ session, onClose }: { session: InstanceSession; onClose: () => void }) {
  const [tab, setTab] = useState<Tab>('account');
  return (
    <Modal title="User settings" onClose={onClose} wide>
      <div class="tabs" role="tablist" aria-label="Settings sections">
        {(
          [
            ['account', `My account on ${session.host}`],
            ['appearance', 'Appearance'],
          ] as [Tab, string][]
        ).map(([id, title]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`settings-tab-${id}`}
            aria-selected={tab === id}
            aria-controls="settings-panel"
            class={tab === id ? 'tab selected' : 'tab'}
            onClick={() => setTab(id)}
          >
            {title}
          </button>
        ))}
      </div>
      <div id="settings-panel" role="tabpanel" aria-labelledby={`settings-tab-${tab}`}>
        {tab === 'account' ? <AccountSettings session={session} /> : <AppearanceSettings />}
      </div>
    </Modal>
  );
}
