/**
 * CSV for auditors: RFC 4180 quoting, and spreadsheet formula injection
 * neutralised — a cell that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or carriage return) gets a leading apostrophe. Event
 * fields are written by callers, so this is not hypothetical.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: CsvValue[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

/** `# key: value` lines that carry provenance at the top of a CSV file. */
export function csvComments(meta: Record<string, unknown>): string {
  return Object.entries(meta)
    .map(([k, v]) => `# ${k}: ${(typeof v === 'string' ? v : JSON.stringify(v)).replace(/[\r\n]+/g, ' ')}\r\n`)
    .join('');
}

export function toCsv(columns: string[], rows: Record<string, CsvValue>[], meta?: Record<string, unknown>): string {
  return (meta ? csvComments(meta) : '') + csvLine(columns) + rows.map((r) => csvLine(columns.map((c) => r[c]))).join('');
}
