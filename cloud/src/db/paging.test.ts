import { expect, test } from 'vitest';
import { decodeCursor } from './cursor.ts';
import { toPage } from './paging.ts';

test('toPage keeps limit rows and gives a next cursor only when there are more', () => {
  const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: `00000000-0000-4000-8000-00000000000${n}` }));
  const full = toPage(rows, 2, (r) => r.id);
  expect(full.items).toEqual([rows[0]!.id, rows[1]!.id]);
  expect(decodeCursor(full.nextCursor)).toEqual({
    at: rows[1]!.createdAt.toISOString().replace('Z', '000Z'),
    id: rows[1]!.id,
  });
  expect(toPage(rows, 3, (r) => r.id).nextCursor).toBeNull();
});
