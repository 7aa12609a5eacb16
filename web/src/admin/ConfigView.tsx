// The live configuration: every setting grouped by section with its description, edited in place
// and saved in one PATCH of the changed keys. Settings read at startup only are shown but not
// editable. Type errors are caught here; whatever the server still refuses (its 50035 answer names
// each key) is shown beside that setting.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AdminApi, ConfigValue, InstanceConfig } from './api';
import { ApiError, errorText } from '../shared/http';
import { configDocs, sectionOf, sectionTitle } from './configDocs';
import { parseDraft, toDraft, type DraftValue } from './configValues';
import { Notice, type NoticeMessage } from './components/Notice';
import { ViewHeading } from './components/ViewHeading';

type Drafts = Record<string, DraftValue>;
type FieldErrors = Record<string, string>;

function fieldId(key: string): string {
  return `setting-${key.replace(/[^a-z0-9]/gi, '-')}`;
}

function serverFieldErrors(error: ApiError): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, node] of Object.entries(error.errors ?? {})) {
    const message = node._errors?.[0]?.message;
    if (message) errors[key] = message;
  }
  return errors;
}

export function ConfigView({ api }: { api: AdminApi }) {
  const [saved, setSaved] = useState<InstanceConfig | null>(null);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [saving, setSaving] = useState(false);
  const [filter, setFilter] = useState('');
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    api
      .config()
      .then((config) => setSaved(config))
      .catch((failure) => setLoadError(errorText(failure)));
  }, [api]);

  // Keys whose draft differs from what the server holds.
  const changedKeys = useMemo(() => {
    if (!saved) return [];
    return Object.keys(drafts).filter((key) => {
      const parsed = parseDraft(saved[key], drafts[key]);
      return !parsed.ok || parsed.value !== saved[key];
    });
  }, [saved, drafts]);

  const sections = useMemo(() => {
    if (!saved) return [];
    const needle = filter.trim().toLowerCase();
    const grouped = new Map<string, string[]>();
    for (const key of Object.keys(saved)) {
      const description = configDocs.get(key)?.description ?? '';
      if (needle && !key.toLowerCase().includes(needle) && !description.toLowerCase().includes(needle)) continue;
      const section = sectionOf(key);
      grouped.set(section, [...(grouped.get(section) ?? []), key]);
    }
    return [...grouped.entries()];
  }, [saved, filter]);

  function edit(key: string, value: DraftValue) {
    if (!saved) return;
    setDrafts((current) => ({ ...current, [key]: value }));
    setNotice(null);
    const parsed = parseDraft(saved[key], value);
    setErrors((current) => {
      const next = { ...current };
      if (parsed.ok) delete next[key];
      else next[key] = parsed.message;
      return next;
    });
  }

  function focusField(key: string) {
    form.current?.querySelector<HTMLElement>(`#${fieldId(key)}`)?.focus();
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!saved) return;
    const changes: InstanceConfig = {};
    const invalid: FieldErrors = {};
    for (const key of changedKeys) {
      const parsed = parseDraft(saved[key], drafts[key]);
      if (parsed.ok) changes[key] = parsed.value;
      else invalid[key] = parsed.message;
    }
    if (Object.keys(invalid).length > 0) {
      setErrors(invalid);
      setNotice({ kind: 'error', text: 'Some settings are not valid; fix them and save again.' });
      setFilter('');
      focusField(Object.keys(invalid)[0]);
      return;
    }
    if (Object.keys(changes).length === 0) {
      setNotice({ kind: 'success', text: 'Nothing changed; nothing to save.' });
      return;
    }
    setSaving(true);
    try {
      const effective = await api.changeConfig(changes);
      setSaved(effective);
      setDrafts({});
      setErrors({});
      const count = Object.keys(changes).length;
      setNotice({ kind: 'success', text: `Saved ${count} setting${count === 1 ? '' : 's'}. The server uses the new values now.` });
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 50035) {
        const refused = serverFieldErrors(failure);
        setErrors(refused);
        setNotice({ kind: 'error', text: 'The server refused the change; nothing was saved. See the marked settings.' });
        setFilter('');
        const first = Object.keys(refused)[0];
        if (first) requestAnimationFrame(() => focusField(first));
      } else {
        setNotice({ kind: 'error', text: `Could not save: ${errorText(failure)}` });
      }
    } finally {
      setSaving(false);
    }
  }

  function discard() {
    setDrafts({});
    setErrors({});
    setNotice(null);
  }

  return (
    <section aria-labelledby="config-heading">
      <ViewHeading id="config-heading">Configuration</ViewHeading>
      <p class="lead">
        Changes apply at once on every node and survive restarts; they win over accord.toml and the environment. Settings read
        at startup only are set in accord.toml or the environment.
      </p>
      {loadError && (
        <p class="error" role="alert">
          Could not load the configuration: {loadError}
        </p>
      )}
      {saved && (
        <form ref={form} class="config-form" onSubmit={save} noValidate>
          <div class="toolbar">
            <label for="config-filter">Filter settings</label>
            <input
              id="config-filter"
              type="search"
              value={filter}
              placeholder="e.g. message"
              onInput={(event) => setFilter(event.currentTarget.value)}
            />
          </div>
          {sections.length > 1 && (
            <nav class="section-index" aria-label="Setting sections">
              <ul>
                {sections.map(([section]) => (
                  <li key={section}>
                    <a href={`#config-${section}`}>{sectionTitle(section)}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {sections.length === 0 && <p class="empty">No setting matches “{filter}”.</p>}
          {sections.map(([section, keys]) => (
            <fieldset class="config-section" key={section} id={`config-${section}`}>
              <legend>{sectionTitle(section)}</legend>
              {keys.map((key) => (
                <ConfigField
                  key={key}
                  settingKey={key}
                  saved={saved[key]}
                  draft={key in drafts ? drafts[key] : toDraft(saved[key])}
                  changed={changedKeys.includes(key)}
                  error={errors[key]}
                  onEdit={(value) => edit(key, value)}
                />
              ))}
            </fieldset>
          ))}
          {Object.keys(errors).some((key) => !(key in saved)) && (
            <p class="error" role="alert">
              {Object.entries(errors)
                .filter(([key]) => !(key in saved))
                .map(([key, message]) => `${key}: ${message}`)
                .join('; ')}
            </p>
          )}
          <div class={changedKeys.length > 0 || notice ? 'save-bar pinned' : 'save-bar'}>
            <Notice notice={notice} />
            <span class="muted">
              {changedKeys.length === 0 ? 'No unsaved changes' : `${changedKeys.length} unsaved change${changedKeys.length === 1 ? '' : 's'}`}
            </span>
            <button type="button" onClick={discard} disabled={changedKeys.length === 0 || saving}>
              Discard changes
            </button>
            <button type="submit" class="primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save changes'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

interface FieldProps {
  settingKey: string;
  saved: ConfigValue;
  draft: DraftValue;
  changed: boolean;
  error: string | undefined;
  onEdit: (value: DraftValue) => void;
}

function ConfigField({ settingKey, saved, draft, changed, error, onEdit }: FieldProps) {
  const doc = configDocs.get(settingKey);
  const startupOnly = doc?.startupOnly ?? false;
  const id = fieldId(settingKey);
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const describedBy = [descriptionId, error ? errorId : ''].filter(Boolean).join(' ');

  let input;
  if (typeof saved === 'boolean') {
    input = (
      <input
        id={id}
        type="checkbox"
        checked={draft === true}
        disabled={startupOnly}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onEdit(event.currentTarget.checked)}
      />
    );
  } else {
    input = (
      <input
        id={id}
        type={typeof saved === 'number' ? 'number' : 'text'}
        inputMode={typeof saved === 'number' ? 'numeric' : undefined}
        step={typeof saved === 'number' ? 1 : undefined}
        value={String(draft)}
        readOnly={startupOnly}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        spellcheck={false}
        autocomplete="off"
        onInput={(event) => onEdit(event.currentTarget.value)}
      />
    );
  }

  return (
    <div class={`config-field${typeof saved === 'boolean' ? ' boolean' : ''}${error ? ' invalid' : ''}`}>
      <div class="config-label">
        <label for={id}>{settingKey}</label>
        {startupOnly && <span class="badge">Startup only</span>}
        {changed && <span class="badge warn">Unsaved</span>}
      </div>
      <div class="config-input">{input}</div>
      <p id={descriptionId} class="hint">
        {doc?.description ?? 'No description.'}
        {doc && doc.defaultValue !== '' && <> Default: <code>{doc.defaultValue}</code>.</>}
        {startupOnly && doc && (
          <>
            {' '}
            Read at startup only: set it in accord.toml or <code>{doc.environment}</code>.
          </>
        )}
      </p>
      {error && (
        <p id={errorId} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
