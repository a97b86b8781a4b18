import { describe, expect, test } from 'vitest';
import { auditDiff } from './audit-diff.ts';

describe('what an audit entry changed', () => {
  test('lists only the fields whose value differs', () => {
    expect(auditDiff({ role: 'EDITOR', email: 'a@x.test' }, { role: 'OWNER', email: 'a@x.test' })).toEqual([
      { field: 'role', before: 'EDITOR', after: 'OWNER' },
    ]);
  });

  test('shows a created row as fields with no before, and a deleted one with no after', () => {
    expect(auditDiff(null, { url: 'https://x.test' })).toEqual([
      { field: 'url', before: null, after: 'https://x.test' },
    ]);
    expect(auditDiff({ url: 'https://x.test' }, null)).toEqual([
      { field: 'url', before: 'https://x.test', after: null },
    ]);
  });

  test('shortens a long value and shows an empty one as a dash', () => {
    const [change] = auditDiff({ note: null }, { note: 'x'.repeat(500) });
    expect(change?.before).toBe('—');
    expect(change?.after).toHaveLength(120);
  });
});
