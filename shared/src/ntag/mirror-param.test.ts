import { describe, expect, test } from 'vitest';
import { MIRROR_PLACEHOLDER } from './mirror.ts';
import { parseMirrorParam } from './mirror-param.ts';

describe('parseMirrorParam', () => {
  test.each([
    ['a mirrored UID and counter', '04A1B2C3D4E5F6x00002A', { kind: 'MIRROR', uid: '04A1B2C3D4E5F6', counter: 42 }],
    ['the largest counter', '04A1B2C3D4E5F6xFFFFFF', { kind: 'MIRROR', uid: '04A1B2C3D4E5F6', counter: 0xffffff }],
    ['lower-case hex, normalised', '04a1b2c3d4e5f6x00000f', { kind: 'MIRROR', uid: '04A1B2C3D4E5F6', counter: 15 }],
    ['counter zero with a real UID', '04A1B2C3D4E5F6x000000', { kind: 'MIRROR', uid: '04A1B2C3D4E5F6', counter: 0 }],
    ['a single value in a list', ['04A1B2C3D4E5F6x000001'], { kind: 'MIRROR', uid: '04A1B2C3D4E5F6', counter: 1 }],
    ['the unmirrored template', MIRROR_PLACEHOLDER, { kind: 'PLACEHOLDER' }],
    ['no parameter', null, { kind: 'ABSENT' }],
    ['undefined', undefined, { kind: 'ABSENT' }],
    ['an empty list', [], { kind: 'ABSENT' }],
    ['an empty value', '', { kind: 'MALFORMED', reason: 'LENGTH' }],
    ['one character short', '04A1B2C3D4E5F6x00002', { kind: 'MALFORMED', reason: 'LENGTH' }],
    ['one character long', '04A1B2C3D4E5F6x00002A0', { kind: 'MALFORMED', reason: 'LENGTH' }],
    ['upper-case separator', '04A1B2C3D4E5F6X00002A', { kind: 'MALFORMED', reason: 'SEPARATOR' }],
    ['separator shifted', '04A1B2C3D4E5Fx600002A', { kind: 'MALFORMED', reason: 'SEPARATOR' }],
    ['non-hex UID', '04A1B2C3D4E5GGx00002A', { kind: 'MALFORMED', reason: 'UID_NOT_HEX' }],
    ['signed UID', '-4A1B2C3D4E5F6x00002A', { kind: 'MALFORMED', reason: 'UID_NOT_HEX' }],
    ['non-hex counter', '04A1B2C3D4E5F6x00002Z', { kind: 'MALFORMED', reason: 'COUNTER_NOT_HEX' }],
    ['whitespace in the counter', '04A1B2C3D4E5F6x 0002A', { kind: 'MALFORMED', reason: 'COUNTER_NOT_HEX' }],
    ['repeated', ['04A1B2C3D4E5F6x00002A', '04A1B2C3D4E5F6x00002B'], { kind: 'MALFORMED', reason: 'REPEATED' }],
  ])('%s', (_case, value, expected) => {
    expect(parseMirrorParam(value)).toEqual(expected);
  });

  test('reads what URLSearchParams gives for a tag URL', () => {
    const url = new URL('https://hub.example/e?bandId=AAAAAAAAAAAAAAAA&m=04A1B2C3D4E5F6x000101');
    expect(parseMirrorParam(url.searchParams.getAll('m'))).toEqual({
      kind: 'MIRROR',
      uid: '04A1B2C3D4E5F6',
      counter: 257,
    });
  });
});
