/**
 * An in-memory ledger for unit tests of selection and plans: `materialize`
 * records what the real activity records (code version, versions of the
 * inputs read), so statuses follow from real histories, not hand-set ones.
 */
import type { AssetSpec } from '../../core/asset-spec';
import { inputPartitions } from '../../core/mappings/asset-inputs';
import { previousPartitionKey } from '../../core/partitions/partitions-def';
import type { LedgerView } from '../../core/selection/partition-selection';
import type { PartitionHistory } from '../../core/status/partition-status';

export class MemoryLedger implements LedgerView {
  private nextId = 1;
  private readonly histories = new Map<string, PartitionHistory>();

  constructor(
    private catalog: AssetSpec[],
    private readonly nowMs: number,
  ) {}

  /** Changes the definitions (e.g. a new code version), as a redeployed worker would. */
  redefine(catalog: AssetSpec[]): void {
    this.catalog = catalog;
  }

  materialize(asset: string, keys: Iterable<string>): void {
    const specs = new Map(this.catalog.map((s) => [s.name, s]));
    const spec = specs.get(asset)!;
    for (const key of keys) {
      const versions: Record<string, string> = {};
      const read = (dep: string, k: string) => {
        const id = this.history(dep, k).lastSuccess?.ledgerId;
        if (id) versions[`${dep}/${k}`] = id;
      };
      for (const dep of spec.deps) {
        const input = inputPartitions(spec, key, specs.get(dep)!, this.nowMs);
        for (const k of input.all ? [...this.materializedKeys(dep)] : input.keys) read(dep, k);
      }
      const previous = spec.dependsOnPast ? previousPartitionKey(spec.partitions, key) : undefined;
      if (previous !== undefined) read(asset, previous);
      const ledgerId = String(this.nextId++);
      this.histories.set(`${asset}/${key}`, { lastSuccess: { ledgerId, codeVersion: spec.codeVersion, upstreamVersions: versions } });
    }
  }

  fail(asset: string, key: string, error: string): void {
    this.nextId++;
    this.histories.set(`${asset}/${key}`, { ...this.history(asset, key), laterFailure: { error } });
  }

  history(asset: string, key: string): PartitionHistory {
    return this.histories.get(`${asset}/${key}`) ?? {};
  }

  *materializedKeys(asset: string): Iterable<string> {
    for (const [label, h] of this.histories) if (h.lastSuccess && label.startsWith(`${asset}/`)) yield label.slice(asset.length + 1);
  }
}
