/** Calls to the console's JSON API; a failure throws ApiError with the server's message. */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
  ) {
    super(message);
  }
}

async function parsed<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as { error?: { type: string; message: string } };
  if (!response.ok) throw new ApiError(body.error?.message ?? `${response.status} ${response.statusText}`, response.status, body.error?.type ?? 'Unknown');
  return body as T;
}

export const getJson = async <T>(path: string): Promise<T> => parsed<T>(await fetch(`/api${path}`, { headers: { accept: 'application/json' } }));

export const postJson = async <T>(path: string, body: unknown = {}): Promise<T> =>
  parsed<T>(await fetch(`/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

/** A path segment, escaped: asset names, keys and ids go into URLs only this way. */
export const seg = (value: string) => encodeURIComponent(value);
