// The whole client: the instances one is logged in to (each an InstanceSession with its own API
// base, token and gateway), the rail listing them with their guilds, and one or two panes (split
// view) each showing a guild or the friends/DM home of some instance.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { GuildSettingsDialog } from './components/GuildSettings';
import { CreateGuildDialog, CreateInviteDialog, JoinGuildDialog } from './components/GuildDialogs';
import { LoginForm, LoginScreen } from './components/LoginScreen';
import { Modal } from './components/Modal';
import { Pane } from './components/Pane';
import { Rail } from './components/Rail';
import { UserSettingsDialog } from './components/UserSettings';
import { InstanceSession } from './session';
import { loadInstances, loadJson, saveInstances, saveJson, type StoredInstance } from './storage';

export interface PaneState {
  id: string;
  instance: string | null;
  guildId: string | null;
  channelId: string | null;
}

export type DialogState =
  | { kind: 'addServer' }
  | { kind: 'createGuild'; instance: string }
  | { kind: 'joinGuild'; instance: string; code?: string }
  | { kind: 'createInvite'; instance: string; channelId: string }
  | { kind: 'userSettings'; instance: string }
  | { kind: 'guildSettings'; instance: string; guildId: string };

export interface AppActions {
  select: (paneId: string, instance: string, guildId: string | null, channelId?: string | null) => void;
  openDialog: (dialog: DialogState) => void;
  focusPane: (paneId: string) => void;
  setNavOpen: (open: boolean) => void;
}

const PANES_KEY = 'accord.panes';

// An invite link is <instance>/invite/<code>; opening one starts the join flow.
function inviteFromLocation(): { baseUrl: string; code: string } | null {
  const match = /^\/invite\/([\w-]+)\/?$/.exec(window.location.pathname);
  return match ? { baseUrl: window.location.origin, code: match[1] } : null;
}

export function App() {
  const [stored, setStored] = useState<StoredInstance[]>(loadInstances);
  const [sessions, setSessions] = useState<InstanceSession[]>([]);
  const [panes, setPanes] = useState<PaneState[]>(() => {
    const saved = loadJson<PaneState[]>(PANES_KEY, []);
    return saved.length ? saved.slice(0, 2) : [{ id: 'left', instance: null, guildId: null, channelId: null }];
  });
  const [focusedPaneId, setFocusedPaneId] = useState(panes[0].id);
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [navOpen, setNavOpen] = useState(false);
  const [pendingInvite, setPendingInvite] = useState(inviteFromLocation);

  // Sessions follow the stored logins: one per instance, connected while it exists.
  useEffect(() => {
    setSessions((current) => {
      const next: InstanceSession[] = [];
      for (const entry of stored) {
        const existing = current.find((session) => session.baseUrl === entry.baseUrl && session.token === entry.token);
        if (existing) {
          next.push(existing);
          continue;
        }
        const session = new InstanceSession(entry.baseUrl, entry.token, entry.userId, (gone) => forget(gone.baseUrl));
        session.connect().catch(() => {
          session.status = 'closed';
          session.changed();
        });
        next.push(session);
      }
      for (const session of current) if (!next.includes(session)) session.disconnect();
      return next;
    });
    saveInstances(stored);
  }, [stored]);

  useEffect(() => saveJson(PANES_KEY, panes), [panes]);

  // On a phone the navigation is a drawer: Escape closes it, and opening it moves focus into it.
  useEffect(() => {
    if (!navOpen) return;
    document.querySelector<HTMLElement>('.rail .rail-button.selected, .rail .rail-button')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setNavOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navOpen]);

  function forget(baseUrl: string) {
    setStored((list) => list.filter((entry) => entry.baseUrl !== baseUrl));
  }

  function loggedIn(entry: StoredInstance) {
    setStored((list) => [...list.filter((other) => other.baseUrl !== entry.baseUrl), entry]);
    setDialog(null);
    setPanes((list) => list.map((pane) => (pane.id === focusedPaneId ? { ...pane, instance: entry.baseUrl, guildId: null, channelId: null } : pane)));
    if (pendingInvite && pendingInvite.baseUrl === entry.baseUrl) {
      setDialog({ kind: 'joinGuild', instance: entry.baseUrl, code: pendingInvite.code });
      setPendingInvite(null);
      window.history.replaceState(null, '', '/');
    }
  }

  const actions: AppActions = useMemo(
    () => ({
      select(paneId, instance, guildId, channelId = null) {
        setPanes((list) => list.map((pane) => (pane.id === paneId ? { ...pane, instance, guildId, channelId } : pane)));
        setFocusedPaneId(paneId);
        if (channelId) setNavOpen(false);
      },
      openDialog: setDialog,
      focusPane: setFocusedPaneId,
      setNavOpen,
    }),
    [],
  );

  // A pending invite for an instance we are already logged in to opens the join dialog at once.
  useEffect(() => {
    if (!pendingInvite) return;
    if (stored.some((entry) => entry.baseUrl === pendingInvite.baseUrl)) {
      setDialog({ kind: 'joinGuild', instance: pendingInvite.baseUrl, code: pendingInvite.code });
      setPendingInvite(null);
      window.history.replaceState(null, '', '/');
    }
  }, [pendingInvite, stored]);

  if (!stored.length) {
    return (
      <LoginScreen
        initialBaseUrl={pendingInvite?.baseUrl ?? window.location.origin}
        inviteCode={pendingInvite?.code}
        onLoggedIn={loggedIn}
      />
    );
  }

  const sessionFor = (instance: string | null) =>
    sessions.find((session) => session.baseUrl === instance) ?? sessions[0];
  const split = panes.length > 1;
  const focusedPane = panes.find((pane) => pane.id === focusedPaneId) ?? panes[0];
  const focusedSession = sessionFor(focusedPane.instance);

  function toggleSplit() {
    if (split) {
      setPanes((list) => [list.find((pane) => pane.id === focusedPaneId) ?? list[0]]);
    } else {
      // The second pane starts on another instance when there is one, else the same home.
      const other = sessions.find((session) => session.baseUrl !== focusedSession?.baseUrl) ?? focusedSession;
      const id = focusedPaneId === 'right' ? 'left' : 'right';
      setPanes((list) => [...list, { id, instance: other?.baseUrl ?? null, guildId: null, channelId: null }]);
      setFocusedPaneId(id);
    }
  }

  const dialogSession = dialog && 'instance' in dialog ? sessions.find((session) => session.baseUrl === dialog.instance) : undefined;

  return (
    <div class={`app${navOpen ? ' nav-open' : ''}${split ? ' split' : ''}`}>
      <a class="skip-link" href="#message-input-0">
        Skip to message box
      </a>
      <Rail
        sessions={sessions}
        focusedPane={focusedPane}
        split={split}
        actions={actions}
        onAddServer={() => setDialog({ kind: 'addServer' })}
        onToggleSplit={toggleSplit}
      />
      <div class="panes">
        {panes.map((pane, index) => {
          const session = sessionFor(pane.instance);
          if (!session) return null;
          // A pane left on an instance one has logged out of shows the first instance's home.
          const shown = session.baseUrl === pane.instance ? pane : { ...pane, instance: session.baseUrl, guildId: null, channelId: null };
          return (
            <Pane
              key={pane.id}
              index={index}
              pane={shown}
              session={session}
              focused={pane.id === focusedPane.id}
              split={split}
              actions={actions}
            />
          );
        })}
      </div>
      {navOpen && <div class="nav-backdrop" onClick={() => setNavOpen(false)} aria-hidden="true" />}
      {dialog?.kind === 'addServer' && (
        <Modal title="Add a server" onClose={() => setDialog(null)}>
          <LoginForm initialBaseUrl="" onLoggedIn={loggedIn} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'createGuild' && dialogSession && (
        <CreateGuildDialog
          session={dialogSession}
          onClose={() => setDialog(null)}
          onCreated={(guildId, channelId) => {
            setDialog(null);
            actions.select(focusedPane.id, dialogSession.baseUrl, guildId, channelId);
          }}
        />
      )}
      {dialog?.kind === 'joinGuild' && dialogSession && (
        <JoinGuildDialog
          session={dialogSession}
          sessions={sessions}
          initialCode={dialog.code}
          onClose={() => setDialog(null)}
          onJoined={(instance, guildId, channelId) => {
            setDialog(null);
            actions.select(focusedPane.id, instance, guildId, channelId);
          }}
        />
      )}
      {dialog?.kind === 'createInvite' && dialogSession && (
        <CreateInviteDialog session={dialogSession} channelId={dialog.channelId} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'userSettings' && dialogSession && (
        <UserSettingsDialog session={dialogSession} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'guildSettings' && dialogSession && (
        <GuildSettingsDialog
          session={dialogSession}
          guildId={dialog.guildId}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            actions.select(focusedPane.id, dialogSession.baseUrl, null);
          }}
        />
      )}
    </div>
  );
}

