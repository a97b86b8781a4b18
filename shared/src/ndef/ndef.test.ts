import { describe, expect, test } from 'vitest';
import {
  abbreviateUri,
  decodeUriPayload,
  encodeNdefMessage,
  encodeUriMessage,
  findUri,
  parseNdefMessage,
  scanTlvs,
  wrapNdefTlv,
} from './ndef.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('URI records', () => {
  test.each([
    ['https', 'https://hub.example/e?bandId=x', 0x04, 'hub.example/e?bandId=x'],
    ['https with www', 'https://www.example.com/', 0x02, 'example.com/'],
    ['http', 'http://localhost:3000/e', 0x03, 'localhost:3000/e'],
    ['no known prefix', 'custom:thing', 0x00, 'custom:thing'],
  ])('abbreviates %s with the longest prefix code', (_case, uri, code, rest) => {
    expect(abbreviateUri(uri)).toEqual({ code, rest });
  });

  test('encodes a short well-known URI record byte for byte', () => {
    // NFC Forum RTD-URI example: D1 01 <len> 55 <prefix> <rest>
    expect(hex(encodeUriMessage('https://a.io'))).toBe('d101055504612e696f');
  });

  test('round-trips a URI through encode and parse', () => {
    const uri = 'https://hub.sparkmotion.example/e?bandId=AAAAAAAAAAAAAAAB';
    expect(findUri(parseNdefMessage(encodeUriMessage(uri)))).toBe(uri);
  });

  test('uses the long record form for payloads over 255 bytes', () => {
    const uri = `https://x.io/${'a'.repeat(300)}`;
    const message = encodeUriMessage(uri);
    expect(message[0]! & 0x10).toBe(0);
    expect(findUri(parseNdefMessage(message))).toBe(uri);
  });

  test('refuses truncated records and unknown prefix codes', () => {
    expect(() => parseNdefMessage(encodeUriMessage('https://a.io').subarray(0, 6))).toThrow(/truncated/);
    expect(() => decodeUriPayload(Uint8Array.of(0x99, 0x61))).toThrow(/prefix/);
  });

  test('finds no URI in a message without a URI record', () => {
    const text = encodeNdefMessage({
      tnf: 1,
      type: Uint8Array.of(0x54),
      id: new Uint8Array(),
      payload: Uint8Array.of(2),
    });
    expect(findUri(parseNdefMessage(text))).toBeNull();
  });
});

describe('TLVs', () => {
  test('wraps a message in an NDEF TLV and a terminator', () => {
    expect(hex(wrapNdefTlv(Uint8Array.of(1, 2)))).toBe('03020102fe');
  });

  test('uses the three-byte length from 255 bytes on', () => {
    const tlv = wrapNdefTlv(new Uint8Array(300));
    expect(hex(tlv.subarray(0, 4))).toBe('03ff012c');
    expect(scanTlvs(tlv)).toEqual({ kind: 'ndef', valueOffset: 4, length: 300 });
  });

  test.each([
    ['blank memory', new Uint8Array(16), { kind: 'empty' }],
    ['an empty NDEF TLV', Uint8Array.of(0x03, 0x00, 0xfe), { kind: 'ndef', valueOffset: 2, length: 0 }],
    [
      'a lock control TLV first',
      Uint8Array.of(0x01, 0x03, 0xa0, 0x10, 0x44, 0x03, 0x05),
      { kind: 'ndef', valueOffset: 7, length: 5 },
    ],
    ['NULL TLVs first', Uint8Array.of(0, 0, 0x03, 0x01, 0xaa), { kind: 'ndef', valueOffset: 4, length: 1 }],
    ['a terminator only', Uint8Array.of(0xfe, 0x03), { kind: 'empty' }],
    ['a header cut at the end', Uint8Array.of(0x03), { kind: 'incomplete', need: 2 }],
    ['an unknown TLV', Uint8Array.of(0x42, 0x00), { kind: 'invalid', reason: 'unknown TLV 0x42 at offset 0' }],
  ])('scans %s', (_case, data, expected) => {
    expect(scanTlvs(data)).toEqual(expected);
  });
});
