// Signing in to the admin panel: its own token in localStorage (separate from the chat client's, so
// signing out of one leaves the other alone).
import { ApiClient } from '../shared/http';

const TOKEN_KEY = 'accord.admin.token';

export function storedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, token);
}

// The instance serving this page is the one administered.
export function instanceUrl(): string {
  return window.location.origin;
}

export type LoginResult = { kind: 'signed-in'; token: string } | { kind: 'second-factor'; ticket: string };

interface LoginAnswer {
  token: string | null;
  mfa?: boolean;
  ticket?: string;
}

export async function logIn(login: string, password: string): Promise<LoginResult> {
  const answer = await new ApiClient(instanceUrl()).post<LoginAnswer>('/auth/login', { login, password });
  if (answer.mfa && answer.ticket) return { kind: 'second-factor', ticket: answer.ticket };
  if (!answer.token) throw new Error('The server answered without a token.');
  return { kind: 'signed-in', token: answer.token };
}

export async function completeSecondFactor(ticket: string, code: string): Promise<string> {
  const answer = await new ApiClient(instanceUrl()).post<LoginAnswer>('/auth/mfa/totp', { ticket, code });
  if (!answer.token) throw new Error('The server answered without a token.');
  return answer.token;
}
