/** The UTC days of a window of whole days, as `YYYY-MM-DD`, oldest first. */
export function daysOfWindow(window: { start: Date; end: Date }): string[] {
  const days: string[] = [];
  for (let t = window.start.getTime(); t < window.end.getTime(); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
