/** Dropping properties from an object without naming a variable for each one dropped. */

/** A shallow copy of `value` without `keys`: its other own enumerable properties, in their order (as `{ key, ...rest }` makes `rest`). */
export function omit<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy: Partial<T> = { ...value };
  for (const key of keys) delete copy[key];
  return copy as Omit<T, K>;
}
