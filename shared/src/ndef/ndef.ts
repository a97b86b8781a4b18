/**
 * NDEF messages as NFC Forum Type 2 tags carry them: the record layout (NDEF 1.0), the URI record type
 * (RTD-URI 1.0, prefix codes) and the TLV wrapping in tag memory. Pure byte arithmetic, no I/O.
 */

/** RTD-URI abbreviation table: index = the first payload byte of a URI record. */
export const URI_PREFIXES = [
  '',
  'http://www.',
  'https://www.',
  'http://',
  'https://',
  'tel:',
  'mailto:',
  'ftp://anonymous:anonymous@',
  'ftp://ftp.',
  'ftps://',
  'sftp://',
  'smb://',
  'nfs://',
  'ftp://',
  'dav://',
  'news:',
  'telnet://',
  'imap:',
  'rtsp://',
  'urn:',
  'pop:',
  'sip:',
  'sips:',
  'tftp:',
  'btspp://',
  'btl2cap://',
  'btgoep://',
  'tcpobex://',
  'irdaobex://',
  'file://',
  'urn:epc:id:',
  'urn:epc:tag:',
  'urn:epc:pat:',
  'urn:epc:raw:',
  'urn:epc:',
  'urn:nfc:',
] as const;

const TNF_WELL_KNOWN = 0x01;
const FLAG_MB = 0x80;
const FLAG_ME = 0x40;
const FLAG_CF = 0x20;
const FLAG_SR = 0x10;
const FLAG_IL = 0x08;
const URI_TYPE = 0x55; // 'U'

export const TLV_NULL = 0x00;
export const TLV_LOCK_CONTROL = 0x01;
export const TLV_MEMORY_CONTROL = 0x02;
export const TLV_NDEF = 0x03;
export const TLV_PROPRIETARY = 0xfd;
export const TLV_TERMINATOR = 0xfe;

export type NdefRecord = {
  tnf: number;
  type: Uint8Array;
  id: Uint8Array;
  payload: Uint8Array;
};

/** Splits a URI into the longest matching prefix code and the rest (what the record stores). */
export function abbreviateUri(uri: string): { code: number; rest: string } {
  let best = 0;
  for (let code = 1; code < URI_PREFIXES.length; code++) {
    const prefix = URI_PREFIXES[code]!;
    if (uri.startsWith(prefix) && prefix.length > URI_PREFIXES[best]!.length) best = code;
  }
  return { code: best, rest: uri.slice(URI_PREFIXES[best]!.length) };
}

/** The payload of a URI record: prefix code, then the rest of the URI in UTF-8. */
export function encodeUriPayload(uri: string): Uint8Array {
  const { code, rest } = abbreviateUri(uri);
  const tail = new TextEncoder().encode(rest);
  const payload = new Uint8Array(1 + tail.length);
  payload[0] = code;
  payload.set(tail, 1);
  return payload;
}

export function decodeUriPayload(payload: Uint8Array): string {
  if (payload.length === 0) throw new Error('URI record payload is empty');
  const prefix = URI_PREFIXES[payload[0]!];
  if (prefix === undefined) throw new Error(`unknown URI prefix code 0x${payload[0]!.toString(16)}`);
  return prefix + new TextDecoder('utf-8', { fatal: true }).decode(payload.subarray(1));
}

/** One NDEF message holding one record (MB and ME both set); short form when the payload fits 255 bytes. */
export function encodeNdefMessage(record: NdefRecord): Uint8Array {
  const short = record.payload.length <= 0xff;
  const hasId = record.id.length > 0;
  const header = FLAG_MB | FLAG_ME | (short ? FLAG_SR : 0) | (hasId ? FLAG_IL : 0) | (record.tnf & 0x07);
  const bytes: number[] = [header, record.type.length];
  const len = record.payload.length;
  if (short) bytes.push(len);
  else bytes.push((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  if (hasId) bytes.push(record.id.length);
  bytes.push(...record.type, ...record.id);
  const out = new Uint8Array(bytes.length + len);
  out.set(bytes);
  out.set(record.payload, bytes.length);
  return out;
}

export function uriRecord(uri: string): NdefRecord {
  return { tnf: TNF_WELL_KNOWN, type: Uint8Array.of(URI_TYPE), id: new Uint8Array(), payload: encodeUriPayload(uri) };
}

export const encodeUriMessage = (uri: string): Uint8Array => encodeNdefMessage(uriRecord(uri));

/** Parses every record of an NDEF message; throws on truncation or chunked records (which we never write). */
export function parseNdefMessage(message: Uint8Array): NdefRecord[] {
  const records: NdefRecord[] = [];
  let i = 0;
  while (i < message.length) {
    const header = message[i++]!;
    if (header & FLAG_CF) throw new Error('chunked NDEF records are not supported');
    const typeLength = need(message, i++);
    let payloadLength: number;
    if (header & FLAG_SR) payloadLength = need(message, i++);
    else {
      if (i + 4 > message.length) throw new Error('NDEF record header is truncated');
      payloadLength = ((message[i]! << 24) | (message[i + 1]! << 16) | (message[i + 2]! << 8) | message[i + 3]!) >>> 0;
      i += 4;
    }
    const idLength = header & FLAG_IL ? need(message, i++) : 0;
    const end = i + typeLength + idLength + payloadLength;
    if (end > message.length) throw new Error('NDEF record is truncated');
    const type = message.slice(i, i + typeLength);
    const id = message.slice(i + typeLength, i + typeLength + idLength);
    const payload = message.slice(i + typeLength + idLength, end);
    records.push({ tnf: header & 0x07, type, id, payload });
    i = end;
    if (header & FLAG_ME) break;
  }
  return records;
}

/** The URI of the first URI record of a message, or null when it holds none. */
export function findUri(records: readonly NdefRecord[]): string | null {
  const record = records.find((r) => r.tnf === TNF_WELL_KNOWN && r.type.length === 1 && r.type[0] === URI_TYPE);
  return record ? decodeUriPayload(record.payload) : null;
}

function need(bytes: Uint8Array, index: number): number {
  const value = bytes[index];
  if (value === undefined) throw new Error('NDEF record header is truncated');
  return value;
}

/** Wraps a message in an NDEF TLV followed by a terminator TLV (3-byte length form from 255 bytes on). */
export function wrapNdefTlv(message: Uint8Array): Uint8Array {
  const len = message.length;
  if (len > 0xfffe) throw new Error('NDEF message too long for a TLV');
  const head = len < 0xff ? [TLV_NDEF, len] : [TLV_NDEF, 0xff, len >> 8, len & 0xff];
  const out = new Uint8Array(head.length + len + 1);
  out.set(head);
  out.set(message, head.length);
  out[out.length - 1] = TLV_TERMINATOR;
  return out;
}

export type TlvScan =
  /** An NDEF TLV whose value lies at `valueOffset`, `length` bytes long (it may reach past the bytes scanned). */
  | { kind: 'ndef'; valueOffset: number; length: number }
  /** No NDEF TLV before a terminator or the end of memory: a blank or formatted-empty tag. */
  | { kind: 'empty' }
  /** The scanned bytes end inside a TLV header: read at least `need` bytes from the start and scan again. */
  | { kind: 'incomplete'; need: number }
  | { kind: 'invalid'; reason: string };

/**
 * Walks the TLV blocks of a Type 2 tag's data area (from page 4) until the NDEF TLV. NULL TLVs are
 * skipped; lock/memory control and proprietary TLVs are stepped over by their length.
 */
export function scanTlvs(data: Uint8Array): TlvScan {
  let i = 0;
  while (i < data.length) {
    const tag = data[i]!;
    if (tag === TLV_NULL) {
      i++;
      continue;
    }
    if (tag === TLV_TERMINATOR) return { kind: 'empty' };
    if (i + 1 >= data.length) return { kind: 'incomplete', need: i + 2 };
    let length = data[i + 1]!;
    let valueOffset = i + 2;
    if (length === 0xff) {
      if (i + 3 >= data.length) return { kind: 'incomplete', need: i + 4 };
      length = (data[i + 2]! << 8) | data[i + 3]!;
      valueOffset = i + 4;
    }
    if (tag === TLV_NDEF) return { kind: 'ndef', valueOffset, length };
    if (tag !== TLV_LOCK_CONTROL && tag !== TLV_MEMORY_CONTROL && tag !== TLV_PROPRIETARY) {
      return { kind: 'invalid', reason: `unknown TLV 0x${tag.toString(16)} at offset ${i}` };
    }
    i = valueOffset + length;
  }
  return { kind: 'empty' };
}
