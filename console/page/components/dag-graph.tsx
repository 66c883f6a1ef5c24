/** The asset DAG drawn as SVG: a box per asset (name and counts), an arrow per dependency. */
import { useLocation } from 'preact-iso';
import type { AssetOverviewEntry } from '../../../core/status/asset-overview';
import { layoutDag } from './dag-layout';

const W = 230;
const H = 56;
const GAP_X = 70;
const GAP_Y = 24;

export function DagGraph({ assets }: { assets: AssetOverviewEntry[] }) {
  // The router follows HTML links only: an SVG link routes itself, or the page would reload.
  const { route } = useLocation();
  const { placed, columns, rows } = layoutDag(assets);
  const at = new Map(placed.map((p) => [p.name, { x: p.column * (W + GAP_X), y: p.row * (H + GAP_Y) }]));
  const width = Math.max(1, columns) * (W + GAP_X) - GAP_X;
  const height = Math.max(1, rows) * (H + GAP_Y) - GAP_Y;
  return (
    <svg class="dag" viewBox={`-4 -4 ${width + 8} ${height + 8}`} width={width + 8} role="img" aria-label="Asset graph, upstream on the left">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" class="dag-arrow" />
        </marker>
      </defs>
      {assets.flatMap((a) =>
        a.deps
          .filter((d) => at.has(d))
          .map((d) => {
            const from = at.get(d)!;
            const to = at.get(a.name)!;
            return <line key={`${d}->${a.name}`} class="dag-edge" x1={from.x + W} y1={from.y + H / 2} x2={to.x} y2={to.y + H / 2} marker-end="url(#arrow)" />;
          }),
      )}
      {assets.map((a) => {
        const { x, y } = at.get(a.name)!;
        const c = a.counts;
        return (
          <a
            key={a.name}
            href={`/assets/${encodeURIComponent(a.name)}`}
            onClick={(e) => {
              e.preventDefault();
              route(`/assets/${encodeURIComponent(a.name)}`);
            }}
          >
            <rect class="dag-node" x={x} y={y} width={W} height={H} rx={6} />
            <text x={x + 10} y={y + 22} class="dag-name">
              {a.name}
            </text>
            <text x={x + 10} y={y + 42} class="dag-counts">
              {c.materialized}/{c.total} materialized{c.stale ? ` · ${c.stale} stale` : ''}
              {c.failed ? ` · ${c.failed} failed` : ''}
              {c.running ? ` · ${c.running} running` : ''}
            </text>
          </a>
        );
      })}
    </svg>
  );
}
