// Each setting's description and whether it is read at startup only. The admin API answers values
// alone, so these come from docs/config.md, which `accord config-docs` generates from the server's own
// field list: bundled at build time, it stays in step with the server it ships with.
import configMarkdown from '../../../docs/config.md?raw';

export interface ConfigDoc {
  key: string;
  environment: string;
  defaultValue: string;
  description: string;
  startupOnly: boolean;
}

const STARTUP_ONLY = 'Read at startup only.';
const RUNTIME = 'Changeable at runtime.';

export function parseConfigDocs(markdown: string): Map<string, ConfigDoc> {
  const docs = new Map<string, ConfigDoc>();
  for (const line of markdown.split('\n')) {
    const match = line.match(/^\| `([a-z0-9_.]+)` \| `([A-Z0-9_]*)` \| `([^`]*)` \| (.*) \|$/);
    if (!match) continue;
    const [, key, environment, defaultValue, meaning] = match;
    docs.set(key, {
      key,
      environment,
      defaultValue,
      description: meaning.replace(STARTUP_ONLY, '').replace(RUNTIME, '').trim(),
      startupOnly: meaning.includes(STARTUP_ONLY),
    });
  }
  return docs;
}

export const configDocs: Map<string, ConfigDoc> = parseConfigDocs(configMarkdown);

const sectionTitles: Record<string, string> = {
  http: 'HTTP',
  node: 'Node',
  database: 'Database',
  registration: 'Registration',
  limits: 'Limits',
  interactions: 'Interactions',
  gateway: 'Gateway',
  rate_limits: 'Rate limits',
  observability: 'Observability',
};

export function sectionOf(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
}

export function sectionTitle(section: string): string {
  const title = sectionTitles[section];
  if (title) return title;
  const words = section.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
