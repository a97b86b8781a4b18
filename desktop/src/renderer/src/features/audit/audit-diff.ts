/**
 * What one audit entry changed, field by field: each key whose value differs between before and after
 * (a created row has no before, a deleted one no after). Values are shown as short text.
 */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

export function auditDiff(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys
    .map((field) => ({ field, before: show(before, field), after: show(after, field) }))
    .filter((c) => c.before !== c.after);
}

function show(row: Record<string, unknown> | null, field: string): string | null {
  if (!row || !(field in row)) return null;
  const value = row[field];
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
