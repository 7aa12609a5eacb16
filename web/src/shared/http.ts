// A small REST client for one Accord instance: JSON in and out, Discord-shaped errors turned into
// ApiError, and uploads through XMLHttpRequest because fetch cannot report upload progress.

export interface FieldErrors {
  [field: string]: { _errors?: { code: string; message: string }[] } & FieldErrors;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FieldErrors,
  ) {
    super(message);
  }

  // The first message for `field` in an Invalid Form Body answer, if any.
  fieldMessage(field: string): string | undefined {
    return this.errors?.[field]?._errors?.[0]?.message;
  }

  // Every field message, flattened, for showing under a form.
  describe(): string {
    const details: string[] = [];
    const walk = (node: FieldErrors | undefined, path: string) => {
      if (!node) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '_errors') {
          for (const error of (value as unknown as { message: string }[]) ?? []) details.push(`${path}: ${error.message}`);
        } else {
          walk(value as FieldErrors, path ? `${path}.${key}` : key);
        }
      }
    };
    walk(this.errors, '');
    return details.length ? `${this.message} (${details.join('; ')})` : this.message;
  }
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}

// "http://host:port/" → "http://host:port"; a bare host gets http://.
export function normalizeBaseUrl(input: string): string {
  let text = input.trim();
  if (!/^https?:\/\//i.test(text)) text = `http://${text}`;
  const url = new URL(text);
  return url.origin;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export class ApiClient {
  token: string | null;

  constructor(
    readonly baseUrl: string,
    token: string | null = null,
  ) {
    this.token = token;
  }

  get apiBase(): string {
    return `${this.baseUrl}/api/v10`;
  }

  // An absolute URL for a CDN path such as /avatars/1/abc.png.
  cdn(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (this.token) (init.headers as Record<string, string>).authorization = this.token;
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(`${this.apiBase}${path}`, init);
    } catch {
      throw new ApiError(0, 0, `Cannot reach ${this.baseUrl}`);
    }
    const text = await response.text();
    const data = text ? safeJson(text) : null;
    if (!response.ok) throw toApiError(response.status, data);
    return data as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  // A multipart POST whose progress `onProgress` hears, e.g. a message with files[n] and payload_json.
  upload<T>(path: string, form: FormData, onProgress?: (progress: UploadProgress) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.apiBase}${path}`);
      if (this.token) xhr.setRequestHeader('authorization', this.token);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
      };
      xhr.onload = () => {
        const data = xhr.responseText ? safeJson(xhr.responseText) : null;
        if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
        else reject(toApiError(xhr.status, data));
      };
      xhr.onerror = () => reject(new ApiError(0, 0, `Upload to ${this.baseUrl} failed`));
      xhr.send(form);
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

function toApiError(status: number, data: unknown): ApiError {
  const body = (data ?? {}) as { code?: number; message?: string; errors?: FieldErrors; retry_after?: number };
  const message = body.message ?? `HTTP ${status}`;
  return new ApiError(status, body.code ?? 0, message, body.errors);
}
