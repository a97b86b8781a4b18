import { expect, test } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const ID = '9b3a4f3c-0000-4000-8000-000000000000';

test('a cursor round-trips its key to the microsecond', () => {
  const key = { at: '2027-01-01T10:00:00.123456Z', id: ID };
  expect(decodeCursor(encodeCursor(key))).toEqual(key);
});

test('a key given as a Date becomes the same instant with zero microseconds', () => {
  expect(decodeCursor(encodeCursor({ at: new Date('2027-01-01T10:00:00.123Z'), id: ID }))).toEqual({
    at: '2027-01-01T10:00:00.123000Z',
    id: ID,
  });
});

test('no cursor means the first page', () => {
  expect(decodeCursor(null)).toBeNull();
  expect(decodeCursor(undefined)).toBeNull();
  expect(decodeCursor('')).toBeNull();
});

test.each([
  ['plain garbage', 'garbage'],
  ['characters outside base64url', `${b64(`2027-01-01T10:00:00.000000Z|${ID}`)}!`],
  ['standard base64 padding', `${Buffer.from(`2027-01-01T10:00:00.000000Z|${ID}`).toString('base64')}==`],
  ['no separator', b64(`2027-01-01T10:00:00.000000Z${ID}`)],
  ['an extra field', b64(`2027-01-01T10:00:00.000000Z|${ID}|more`)],
  ['an empty id', b64('2027-01-01T10:00:00.000000Z|')],
  ['an id that is no uuid', b64('2027-01-01T10:00:00.000000Z|not-a-uuid')],
  ['an SQL fragment for an id', b64("2027-01-01T10:00:00.000000Z|' or 1=1 --")],
  ['a date that is no instant', b64(`yesterday|${ID}`)],
  ['a date without its zone', b64(`2027-01-01T10:00:00.000000|${ID}`)],
  ['a day that does not exist', b64(`2027-02-30T10:00:00.000000Z|${ID}`)],
  ['a month that does not exist', b64(`2027-13-01T10:00:00.000000Z|${ID}`)],
  ['a year before any row', b64(`0001-01-01T00:00:00.000000Z|${ID}`)],
  ['a six-digit year', b64(`+275760-09-13T00:00:00.000000Z|${ID}`)],
  ['the analytics export’s old JSON form', b64(JSON.stringify(['2027-01-01T10:00:00.000000Z', ID]))],
  ['an instant cut to the millisecond', b64(`2027-01-01T10:00:00.123Z|${ID}`)],
  ['an instant with seven fractional digits', b64(`2027-01-01T10:00:00.1234567Z|${ID}`)],
  ['a megabyte of padding', b64(`2027-01-01T10:00:00.000000Z|${ID}${' '.repeat(1 << 20)}`)],
])('refuses %s with BAD_INPUT', (_name, cursor) => {
  expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
});
