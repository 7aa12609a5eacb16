// Signing in with a username or email and password, then a six-digit code when the account has
// two-factor authentication on.
import { useEffect, useRef, useState } from 'preact/hooks';
import { completeSecondFactor, logIn } from './session';
import { errorText } from '../shared/http';

interface Props {
  reason: string | null; // why the person is asked to sign in again, if they were signed out
  onSignedIn: (token: string) => void;
}

export function SignIn({ reason, onSignedIn }: Props) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [ticket, setTicket] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (ticket) codeInput.current?.focus();
  }, [ticket]);

  async function submitPassword(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await logIn(login.trim(), password);
      if (result.kind === 'signed-in') onSignedIn(result.token);
      else setTicket(result.ticket);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(event: Event) {
    event.preventDefault();
    if (!ticket) return;
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await completeSecondFactor(ticket, code.replace(/\s/g, '')));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="sign-in">
      <h1>Accord admin</h1>
      <p class="muted">Sign in with the operator's account of {window.location.host}.</p>
      {reason && (
        <p class="notice" role="status">
          {reason}
        </p>
      )}
      {ticket === null ? (
        <form onSubmit={submitPassword} aria-label="Sign in">
          <label for="login">Username or email</label>
          <input
            id="login"
            type="text"
            name="login"
            autocomplete="username"
            required
            value={login}
            onInput={(event) => setLogin(event.currentTarget.value)}
          />
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      ) : (
        <form onSubmit={submitCode} aria-label="Two-factor authentication">
          <p>This account has two-factor authentication on. Enter the code from your authenticator app.</p>
          <label for="totp-code">Authentication code</label>
          <input
            id="totp-code"
            ref={codeInput}
            type="text"
            name="code"
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9 ]*"
            required
            value={code}
            onInput={(event) => setCode(event.currentTarget.value)}
          />
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="form-actions">
            <button
              type="button"
              onClick={() => {
                setTicket(null);
                setCode('');
                setError(null);
              }}
            >
              Back
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {busy ? 'Checking…' : 'Verify'}
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
