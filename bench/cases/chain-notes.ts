/** Notes on a run's dependsOnPast assets. */
import type { BenchDeployment, TimedBackfill } from '../bench-deployment';

/** The partitions of a dependsOnPast asset run one after another: their span bounds the whole run. */
export function chainNotes(run: TimedBackfill, deployment: BenchDeployment): string[] {
  return Object.entries(run.assetSpans)
    .filter(([asset, span]) => deployment.catalog.get(asset).dependsOnPast && span.partitions > 1)
    .map(([asset, span]) => `${asset} ${span.partitions} in sequence (${span.children} children) ${(span.ms / 1000).toFixed(2)} s`);
}
