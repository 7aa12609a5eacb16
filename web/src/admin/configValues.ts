// Between the typed values the admin API speaks and the text in the editor's inputs.
import type { ConfigValue } from './api';

export type DraftValue = string | boolean; // numbers are edited as text, so a half-typed value survives

export function toDraft(value: ConfigValue): DraftValue {
  return typeof value === 'boolean' ? value : String(value);
}

export type Parsed = { ok: true; value: ConfigValue } | { ok: false; message: string };

// The draft as the type the setting has now, or why it is not one.
export function parseDraft(current: ConfigValue, draft: DraftValue): Parsed {
  if (typeof current === 'boolean') {
    return typeof draft === 'boolean' ? { ok: true, value: draft } : { ok: false, message: 'Must be on or off.' };
  }
  const text = String(draft);
  if (typeof current === 'number') {
    const trimmed = text.trim();
    if (!/^-?\d+$/.test(trimmed)) return { ok: false, message: 'Enter a whole number.' };
    const value = Number(trimmed);
    if (!Number.isSafeInteger(value)) return { ok: false, message: 'This number is too large.' };
    return { ok: true, value };
  }
  return { ok: true, value: text };
}

export function sameValue(a: ConfigValue, b: ConfigValue): boolean {
  return a === b;
}
