/**
 * The partition grid: a row per month of days, day of hours or year of months,
 * a cell per partition coloured by status (running ones pulse). Only the rows
 * in view are drawn, so 100,000 partitions open at once. Keyboard: the grid
 * takes focus, arrows move, Enter selects; the mouse hovers and clicks.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { STATUS_STYLE } from '../status-style';
import type { GridModel } from './grid-model';

const ROW_HEIGHT = 20;
const VIEW_ROWS = 24;
const OVERSCAN = 6;

export interface PartitionGridProps {
  model: GridModel;
  selected: number | undefined;
  onSelect: (index: number) => void;
}

export function PartitionGrid({ model, selected, onSelect }: PartitionGridProps) {
  const { grid } = model;
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [hovered, setHovered] = useState<number | undefined>(undefined);
  // The active cell, as [row, column]: starts at the last row's last partition (the newest).
  const [active, setActive] = useState<[number, number]>(() => lastCell(model));
  useEffect(() => setActive((a) => (grid.rows[a[0]] ? a : lastCell(model))), [model]);
  useEffect(() => void performance.mark('retrofill:grid-rendered'), [model]);

  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(grid.rows.length, first + VIEW_ROWS + 2 * OVERSCAN);
  const activeIndex = grid.rows[active[0]]?.cells[active[1]];

  const move = (dr: number, dc: number) => {
    let [r, c] = active;
    r = Math.min(grid.rows.length - 1, Math.max(0, r + dr));
    c = Math.min(grid.width - 1, Math.max(0, c + dc));
    setActive([r, c]);
    const el = box.current;
    if (el && (r * ROW_HEIGHT < el.scrollTop || (r + 1) * ROW_HEIGHT > el.scrollTop + el.clientHeight)) el.scrollTop = r * ROW_HEIGHT - el.clientHeight / 2;
  };
  const onKey = (e: KeyboardEvent) => {
    const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], PageUp: [-VIEW_ROWS, 0], PageDown: [VIEW_ROWS, 0] };
    if (step[e.key]) {
      e.preventDefault();
      move(...step[e.key]!);
    } else if ((e.key === 'Enter' || e.key === ' ') && activeIndex !== undefined) {
      e.preventDefault();
      onSelect(activeIndex);
    }
  };
  const shown = hovered ?? activeIndex;

  return (
    <div class="grid-wrap">
      <p class="grid-hover" aria-live="polite">
        {shown === undefined ? 'Hover, or focus the grid and use the arrow keys; click or Enter for details.' : describe(model, shown)}
      </p>
      <div
        ref={box}
        class="grid"
        role="grid"
        tabIndex={0}
        aria-label={`Partitions, ${grid.rows.length} rows`}
        aria-activedescendant={activeIndex === undefined ? undefined : `cell-${activeIndex}`}
        style={{ height: `${Math.min(grid.rows.length, VIEW_ROWS) * ROW_HEIGHT + 4}px` }}
        onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKey}
        onMouseLeave={() => setHovered(undefined)}
      >
        <div style={{ height: `${grid.rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {grid.rows.slice(first, last).map((row, k) => {
            const r = first + k;
            return (
              <div key={r} role="row" class="grid-row" style={{ top: `${r * ROW_HEIGHT}px` }}>
                <span role="rowheader" class="grid-label">
                  {row.label}
                </span>
                {row.cells.map((i, c) =>
                  i === undefined ? (
                    <span key={c} class={`cell blank${c % grid.group === 0 ? ' group' : ''}`} />
                  ) : (
                    <span
                      key={c}
                      id={`cell-${i}`}
                      role="gridcell"
                      aria-label={describe(model, i)}
                      aria-selected={selected === i}
                      data-key={model.keys[i]}
                      data-status={model.statusAt(i)}
                      class={cellClass(model, i, c % grid.group === 0, selected === i, r === active[0] && c === active[1])}
                      onMouseEnter={() => setHovered(i)}
                      onClick={() => (setActive([r, c]), onSelect(i))}
                    />
                  ),
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function lastCell(model: GridModel): [number, number] {
  const r = Math.max(0, model.grid.rows.length - 1);
  const cells = model.grid.rows[r]?.cells ?? [];
  let c = cells.length - 1;
  while (c > 0 && cells[c] === undefined) c--;
  return [r, Math.max(0, c)];
}

function cellClass(model: GridModel, i: number, groupStart: boolean, selected: boolean, active: boolean): string {
  let s = `cell ${STATUS_STYLE[model.statusAt(i)].className}`;
  if (model.isRunning(i)) s += ' running';
  if (groupStart) s += ' group';
  if (selected) s += ' selected';
  if (active) s += ' active';
  return s;
}

function describe(model: GridModel, i: number): string {
  const status = STATUS_STYLE[model.statusAt(i)].label;
  const reason = model.reasonAt(i);
  return `${model.keys[i]}: ${status}${model.isRunning(i) ? ', running now' : ''}${reason ? ` (${reason})` : ''}`;
}
