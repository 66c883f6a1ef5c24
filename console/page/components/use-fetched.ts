/** A value read from the API, read again when `deps` change or `refresh()` is called. */
import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Fetched<T> {
  value: T | undefined;
  error: string | undefined;
  loading: boolean;
  refresh: () => void;
}

export function useFetched<T>(read: () => Promise<T>, deps: unknown[]): Fetched<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    read().then(
      (v) => current && (setValue(v), setError(undefined), setLoading(false)),
      (e: unknown) => current && (setError(e instanceof Error ? e.message : String(e)), setLoading(false)),
    );
    return () => void (current = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  return { value, error, loading, refresh: useCallback(() => setGeneration((g) => g + 1), []) };
}
