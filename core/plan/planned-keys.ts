/** The partitions a planned unit stands for: one key, or several consecutive ones run together. */
import type { PlannedPartition } from './backfill-plan';

/** Every partition key of a planned unit, oldest first. */
export function plannedKeys(p: Pick<PlannedPartition, 'key' | 'keys'>): string[] {
  return p.keys ?? [p.key];
}

/** How a planned unit is named to people: its key, or `first..last` for several (e.g. `2024-03-01..2024-03-10`). */
export function plannedLabel(p: Pick<PlannedPartition, 'key' | 'keys'>): string {
  return p.keys && p.keys.length > 1 ? `${p.keys[0]}..${p.keys[p.keys.length - 1]}` : p.key;
}
