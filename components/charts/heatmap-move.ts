/**
 * Where an arrow key moves from cell `at` among the cells with failures (`linked`, in reading
 * order, as "weekday:hour"): Left and Right to the previous or next one in reading order, Up and
 * Down to the one nearest in hour on the closest weekday above or below that has any, Home and End
 * to the first and last. Null: the key is not one of these, or there is nowhere to go.
 */
export function heatmapMove(linked: string[], at: string, key: string): string | null {
  const i = linked.indexOf(at);
  const [wd, h] = at.split(':').map(Number);
  const cells = linked.map((k) => k.split(':').map(Number));
  const vertical = (dir: 1 | -1) => {
    const rows = cells.filter(([w]) => (w - wd) * dir > 0).map(([w]) => w);
    if (!rows.length) return null;
    const row = dir > 0 ? Math.min(...rows) : Math.max(...rows);
    const [w, hh] = cells.filter(([x]) => x === row).reduce((a, b) => (Math.abs(b[1] - h) < Math.abs(a[1] - h) ? b : a));
    return `${w}:${hh}`;
  };
  switch (key) {
    case 'ArrowRight':
      return i >= 0 && i < linked.length - 1 ? linked[i + 1] : null;
    case 'ArrowLeft':
      return i > 0 ? linked[i - 1] : null;
    case 'ArrowDown':
      return vertical(1);
    case 'ArrowUp':
      return vertical(-1);
    case 'Home':
      return linked[0] ?? null;
    case 'End':
      return linked.at(-1) ?? null;
    default:
      return null;
  }
}
