/**
 * The asset DAG: validation (with the cycle named), topological order and
 * downstream closure.
 */
import { ASSET_NAME, type AssetSpec } from './asset-spec';
import { AssetDefinitionError } from './errors';
import { mappingProblem } from './mappings/mapping-spec';
import { partitionsDefProblem } from './partitions/partitions-def';

/** Every problem in a set of asset definitions; empty when they form a valid DAG. */
export function catalogProblems(specs: readonly AssetSpec[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const spec of specs) {
    if (!ASSET_NAME.test(spec.name)) {
      problems.push(`asset name ${JSON.stringify(spec.name)} must match ${ASSET_NAME} (lowercase letters, digits, _)`);
    }
    if (names.has(spec.name)) problems.push(`duplicate asset name "${spec.name}"`);
    names.add(spec.name);
    const partitionProblem = partitionsDefProblem(spec.partitions);
    if (partitionProblem) problems.push(`asset "${spec.name}": ${partitionProblem}`);
    if (spec.dependsOnPast && spec.partitions.kind === 'unpartitioned') {
      problems.push(`asset "${spec.name}": dependsOnPast needs a partitioned asset`);
    }
  }
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const spec of specs) {
    spec.deps.forEach((dep, i) => {
      // With mappings declared per dependency, a second listing would be ambiguous.
      if (spec.deps.indexOf(dep) !== i) problems.push(`asset "${spec.name}" lists dependency "${dep}" more than once`);
      else if (dep === spec.name) problems.push(`asset "${spec.name}" depends on itself: use dependsOnPast instead`);
      else if (!names.has(dep)) problems.push(`asset "${spec.name}" depends on unknown asset "${dep}"`);
    });
    problems.push(...declaredMappingProblems(spec, byName));
  }
  const cycle = findCycle(specs);
  if (cycle) problems.push(`dependency cycle: ${cycle.join(' -> ')} (each depends on the next)`);
  return problems;
}

function declaredMappingProblems(spec: AssetSpec, byName: Map<string, AssetSpec>): string[] {
  const problems: string[] = [];
  for (const [dep, mapping] of Object.entries(spec.mappings ?? {})) {
    if (!spec.deps.includes(dep)) {
      problems.push(`asset "${spec.name}" has a mapping for "${dep}", which is not one of its deps`);
      continue;
    }
    const upstream = byName.get(dep);
    // An unknown or self dependency is reported above.
    const problem = upstream && dep !== spec.name ? mappingProblem(mapping, spec, upstream) : undefined;
    if (problem) problems.push(problem);
  }
  return problems;
}

/** @throws AssetDefinitionError naming every problem. */
export function assertValidCatalog(specs: readonly AssetSpec[]): void {
  const problems = catalogProblems(specs);
  if (problems.length > 0) throw new AssetDefinitionError(problems);
}

/** A dependency cycle as a path (each depends on the next) back to its first asset, or undefined. */
export function findCycle(specs: readonly AssetSpec[]): string[] | undefined {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const dep of byName.get(name)?.deps ?? []) {
      if (dep === name || !byName.has(dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const spec of specs) {
    const cycle = visit(spec.name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Asset names with every upstream before its downstreams; ties keep declaration order. */
export function topologicalOrder(specs: readonly AssetSpec[]): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const byName = new Map(specs.map((s) => [s.name, s]));
  const place = (name: string): void => {
    if (placed.has(name)) return;
    placed.add(name);
    for (const dep of byName.get(name)?.deps ?? []) if (dep !== name) place(dep);
    order.push(name);
  };
  specs.forEach((s) => place(s.name));
  return order;
}

/** The given assets and every asset downstream of them. */
export function downstreamClosure(specs: readonly AssetSpec[], roots: readonly string[]): Set<string> {
  const closure = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const spec of specs) {
      if (!closure.has(spec.name) && spec.deps.some((d) => closure.has(d))) {
        closure.add(spec.name);
        grew = true;
      }
    }
  }
  return closure;
}
