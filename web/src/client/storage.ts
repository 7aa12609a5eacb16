// What the client keeps between visits: each instance's base URL and token (one login per
// instance), and the layout the person last used.

export interface StoredInstance {
  baseUrl: string;
  token: string;
  userId: string;
}

const INSTANCES_KEY = 'accord.instances';

export function loadInstances(): StoredInstance[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(INSTANCES_KEY) ?? '[]') as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (entry): entry is StoredInstance =>
        typeof entry?.baseUrl === 'string' && typeof entry?.token === 'string' && typeof entry?.userId === 'string',
    );
  } catch {
    return [];
  }
}

export function saveInstances(instances: StoredInstance[]): void {
  localStorage.setItem(INSTANCES_KEY, JSON.stringify(instances));
}

export function loadJson<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

export function saveJson(key: string, value: unknown): void {
  localStorage.setItem(key, JSON.stringify(value));
}
