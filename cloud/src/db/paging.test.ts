import { expect, test } from 'vitest';
import { decodeCursor, encodeCursor, toPage } from './paging.ts';

test('a cursor round-trips its key', () => {
  const key = { createdAt: new Date('2027-01-01T10:00:00.123Z'), id: '9b3a4f3c-0000-4000-8000-000000000000' };
  expect(decodeCursor(encodeCursor(key))).toEqual(key);
});

test('no cursor means the first page; a forged one is BAD_INPUT', () => {
  expect(decodeCursor(null)).toBeNull();
  expect(() => decodeCursor('garbage')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
});

test('toPage keeps limit rows and gives a next cursor only when there are more', () => {
  const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: String(n) }));
  const full = toPage(rows, 2, (r) => r.id);
  expect(full.items).toEqual(['1', '2']);
  expect(decodeCursor(full.nextCursor)).toEqual(rows[1]);
  expect(toPage(rows, 3, (r) => r.id).nextCursor).toBeNull();
});
