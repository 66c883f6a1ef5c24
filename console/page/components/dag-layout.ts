/**
 * Where each asset sits in the drawn DAG: a column per depth (upstream left,
 * downstream right), assets stacked in each column in name order.
 */
export interface DagNode {
  name: string;
  deps: string[];
}

export interface PlacedNode {
  name: string;
  column: number;
  row: number;
}

export function layoutDag(nodes: readonly DagNode[]): { placed: PlacedNode[]; columns: number; rows: number } {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: Set<string>): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0; // a cycle cannot be declared (the worker refuses it); stay finite anyway
    seen.add(name);
    const deps = byName.get(name)?.deps.filter((d) => byName.has(d)) ?? [];
    const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((x) => depthOf(x, seen)));
    depth.set(name, d);
    return d;
  };
  const columns: string[][] = [];
  for (const n of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) (columns[depthOf(n.name, new Set())] ??= []).push(n.name);
  const placed = columns.flatMap((names, column) => names.map((name, row) => ({ name, column, row })));
  return { placed, columns: columns.length, rows: Math.max(0, ...columns.map((c) => c.length)) };
}
