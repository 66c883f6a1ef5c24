/**
 * Picks, among a backfill's targeted partitions, those its selection mode asks
 * for, from what the ledger says of each. A partition that reads one picked in
 * the same backfill is picked too (its input is about to change), so after
 * the backfill nothing it touched is stale.
 */
import type { AssetSpec } from '../asset-spec';
import { inputPartitions } from '../mappings/asset-inputs';
import { previousPartitionKey } from '../partitions/partitions-def';
import type { SelectionMode } from './selection-mode';
import { partitionStatus, type PartitionHistory, type PartitionStatus } from '../status/partition-status';
import type { PlanTargets } from '../plan/backfill-plan';

/** What the ledger holds, read once per backfill. */
export interface LedgerView {
  history(asset: string, key: string): PartitionHistory;
  /** Keys of the asset with a succeeded materialization. */
  materializedKeys(asset: string): Iterable<string>;
}

/** One targeted partition as judged: its status, whether it runs, and why. */
export interface JudgedPartition {
  key: string;
  status: PartitionStatus;
  selected: boolean;
  /** Why it runs (or, when not selected, its state); empty for current partitions left alone. */
  reason: string;
}

const OWN_STATUSES: Record<SelectionMode, ReadonlySet<PartitionStatus>> = {
  missing: new Set(['missing']),
  stale: new Set(['missing', 'stale', 'failed']),
  failed: new Set(['failed']),
  all: new Set(['missing', 'stale', 'failed', 'materialized']),
};

/** Judges every targeted partition, upstream assets first, in each asset's key order. */
export function selectPartitions(
  catalog: readonly AssetSpec[],
  targets: PlanTargets,
  mode: SelectionMode,
  ledger: LedgerView,
  nowMs: number,
): Map<string, JudgedPartition[]> {
  const specs = new Map(catalog.map((s) => [s.name, s]));
  const picked = new Map<string, Set<string>>();
  const judged = new Map<string, JudgedPartition[]>();
  // `missing` only fills gaps: what reads a filled gap was never computed, so it is missing too.
  const propagate = mode === 'stale' || mode === 'failed';
  for (const [asset, keys] of targets) {
    const spec = specs.get(asset)!;
    const current = currentInputs(specs, spec, ledger, nowMs);
    const mine = new Set<string>();
    picked.set(asset, mine);
    judged.set(
      asset,
      keys.map((key) => {
        const own = partitionStatus({ codeVersion: spec.codeVersion, history: ledger.history(asset, key), inputs: current(key) });
        let reason = own.reason;
        let selected = OWN_STATUSES[mode].has(own.status);
        if (selected && own.status === 'materialized') reason = 'materialized and current; forced by mode all';
        if (!selected && propagate) {
          const rebuilt = rebuiltInput(specs, spec, key, picked, nowMs);
          if (rebuilt) {
            selected = true;
            // One wording along a cumulative chain, so its partitions collapse into one line of the plan.
            reason = rebuilt === PREVIOUS ? 'its previous partition is rebuilt by this backfill' : `upstream ${rebuilt} is rebuilt by this backfill`;
          }
        }
        if (selected) mine.add(key);
        return { key, status: own.status, selected, reason };
      }),
    );
  }
  return judged;
}

/** For a key: every input partition it reads now, with the ledger id of its newest success. */
function currentInputs(specs: Map<string, AssetSpec>, spec: AssetSpec, ledger: LedgerView, nowMs: number) {
  const currentId = (asset: string, key: string) => ledger.history(asset, key).lastSuccess?.ledgerId;
  return (key: string) => {
    const inputs: Array<{ label: string; current: string | undefined }> = [];
    for (const dep of spec.deps) {
      const read = inputPartitions(spec, key, specs.get(dep)!, nowMs);
      const keys = read.all ? ledger.materializedKeys(dep) : read.keys;
      for (const k of keys) inputs.push({ label: `${dep}/${k}`, current: currentId(dep, k) });
    }
    const previous = spec.dependsOnPast ? previousPartitionKey(spec.partitions, key) : undefined;
    if (previous !== undefined) inputs.push({ label: `${spec.name}/${previous}`, current: currentId(spec.name, previous) });
    return inputs;
  };
}

const PREVIOUS = Symbol('previous partition');

/** The first input of `key` picked earlier in this backfill, as `asset/key`, or PREVIOUS. */
function rebuiltInput(
  specs: Map<string, AssetSpec>,
  spec: AssetSpec,
  key: string,
  picked: Map<string, Set<string>>,
  nowMs: number,
): string | typeof PREVIOUS | undefined {
  for (const dep of spec.deps) {
    const rebuilt = picked.get(dep);
    if (!rebuilt || rebuilt.size === 0) continue;
    const read = inputPartitions(spec, key, specs.get(dep)!, nowMs);
    if (read.all) return `${dep}/${rebuilt.values().next().value}`;
    const hit = read.keys.find((k) => rebuilt.has(k));
    if (hit !== undefined) return `${dep}/${hit}`;
  }
  const previous = spec.dependsOnPast ? previousPartitionKey(spec.partitions, key) : undefined;
  if (previous !== undefined && picked.get(spec.name)?.has(previous)) return PREVIOUS;
  return undefined;
}
