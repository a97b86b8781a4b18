import {
  ACCESS_FREE,
  FILE_CC,
  FILE_NDEF,
  FILE_PROPRIETARY,
  ISO_FILE_CC,
  ISO_FILE_NDEF,
  ISO_FILE_PROPRIETARY,
} from '@sparkmotion/shared/ntag424/commands';
import type { FileSettings } from '@sparkmotion/shared/ntag424/file-settings';
import { sunMirror } from '@sparkmotion/shared/ntag424/sun';

/**
 * The NTAG 424 DNA's three standard data files as shipped (NT4H2421Gx §8.2.2), and the Secure
 * Dynamic Messaging a read of the NDEF file goes through (§9.3).
 */

export interface ChipFile {
  readonly fileNo: number;
  readonly isoId: number;
  readonly data: Uint8Array;
  settings: FileSettings;
  /** SDMReadCtr (NDEF file). */
  readCounter: number;
}

/** The capability container as shipped: NDEF file E104 (256 bytes, read/write free), proprietary E105. */
const FACTORY_CC = Buffer.from('001720010000FF0406E104010000000506E10500808282000000000000000000', 'hex');

export function factoryFiles(): ChipFile[] {
  const cc = new Uint8Array(32);
  cc.set(FACTORY_CC);
  return [
    {
      fileNo: FILE_CC,
      isoId: ISO_FILE_CC,
      data: cc,
      settings: { commMode: 'PLAIN', access: { read: ACCESS_FREE, write: 0, readWrite: 0, change: 0 } },
      readCounter: 0,
    },
    {
      fileNo: FILE_NDEF,
      isoId: ISO_FILE_NDEF,
      data: new Uint8Array(256),
      settings: {
        commMode: 'PLAIN',
        access: { read: ACCESS_FREE, write: ACCESS_FREE, readWrite: ACCESS_FREE, change: 0 },
      },
      readCounter: 0,
    },
    {
      fileNo: FILE_PROPRIETARY,
      isoId: ISO_FILE_PROPRIETARY,
      data: new Uint8Array(128),
      settings: { commMode: 'FULL', access: { read: 2, write: 3, readWrite: 3, change: 0 } },
      readCounter: 0,
    },
  ];
}

/**
 * The file as an unauthenticated reader gets it: with SDM on, the mirrors are written over the
 * stored bytes (PICCData under the meta-read key, or UID / counter in clear, then the SDMMAC under
 * the file-read key over the text from SDMMACInputOffset). The counter has already moved.
 */
export function mirroredContent(
  file: ChipFile,
  uid: Uint8Array,
  keys: readonly Uint8Array[],
  padding: Uint8Array,
): Buffer {
  const out = Buffer.from(file.data);
  const sdm = file.settings.sdm;
  if (!sdm?.ascii) return out;
  const counter = file.readCounter;
  if (sdm.metaRead <= 4 && sdm.piccDataOffset !== undefined) {
    const { piccData } = sunMirror({ metaReadKey: keys[sdm.metaRead]!, fileReadKey: keys[0]! }, uid, counter, padding);
    out.write(piccData, sdm.piccDataOffset, 'latin1');
  } else if (sdm.metaRead === ACCESS_FREE) {
    if (sdm.uidMirror && sdm.uidOffset !== undefined)
      out.write(Buffer.from(uid).toString('hex').toUpperCase(), sdm.uidOffset, 'latin1');
    if (sdm.readCtrMirror && sdm.readCtrOffset !== undefined) {
      out.write(counter.toString(16).toUpperCase().padStart(6, '0'), sdm.readCtrOffset, 'latin1');
    }
  }
  if (sdm.fileRead <= 4 && sdm.macOffset !== undefined && sdm.macInputOffset !== undefined) {
    const macInput = out.subarray(sdm.macInputOffset, sdm.macOffset);
    const { mac } = sunMirror(
      { metaReadKey: keys[0]!, fileReadKey: keys[sdm.fileRead]! },
      uid,
      counter,
      padding,
      macInput,
    );
    out.write(mac, sdm.macOffset, 'latin1');
  }
  return out;
}

/** Offsets ChangeFileSettings must refuse: mirrors that do not fit in the file or overlap. */
export function sdmSettingsFit(settings: FileSettings, fileSize: number): boolean {
  const sdm = settings.sdm;
  if (!sdm) return true;
  const spans: [number, number][] = [];
  if (sdm.piccDataOffset !== undefined && sdm.metaRead <= 4) spans.push([sdm.piccDataOffset, 32]);
  if (sdm.uidOffset !== undefined) spans.push([sdm.uidOffset, 14]);
  if (sdm.readCtrOffset !== undefined) spans.push([sdm.readCtrOffset, 6]);
  if (sdm.macOffset !== undefined) spans.push([sdm.macOffset, 16]);
  if (sdm.encOffset !== undefined) return false; // encrypted file data: not modelled
  if (sdm.macInputOffset !== undefined && sdm.macOffset !== undefined && sdm.macInputOffset > sdm.macOffset)
    return false;
  if (spans.some(([at, length]) => at + length > fileSize)) return false;
  const sorted = spans.sort((a, b) => a[0] - b[0]);
  return sorted.every(([at], i) => i === 0 || sorted[i - 1]![0] + sorted[i - 1]![1] <= at);
}
