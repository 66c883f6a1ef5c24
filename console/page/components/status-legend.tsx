/** The legend of partition colours, each with its text label (and count, when given). */
import { STATUS_STYLE, type ShownStatus } from '../status-style';

export function StatusLegend({ counts }: { counts?: Partial<Record<ShownStatus, number>> }) {
  return (
    <ul class="legend" aria-label="Status colours">
      {(Object.keys(STATUS_STYLE) as ShownStatus[]).map((s) => (
        <li key={s}>
          <span class={`swatch ${STATUS_STYLE[s].className}`} aria-hidden="true" />
          {STATUS_STYLE[s].label}
          {counts?.[s] !== undefined && <strong> {counts[s]}</strong>}
        </li>
      ))}
    </ul>
  );
}
