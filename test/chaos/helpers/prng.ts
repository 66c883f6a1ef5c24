/** A small seeded generator (mulberry32): the same seed replays the same chaos. */
export interface Prng {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
}

export function seededPrng(seed: number): Prng {
  let state = seed | 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/** The seed of a chaos run: `CHAOS_SEED` when set (to replay a run), else `fallback`. */
export function chaosSeed(fallback: number): number {
  const fromEnv = Number(process.env.CHAOS_SEED);
  return Number.isInteger(fromEnv) && process.env.CHAOS_SEED !== '' ? fromEnv : fallback;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
