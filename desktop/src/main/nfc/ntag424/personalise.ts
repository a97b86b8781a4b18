import { findUri, parseNdefMessage } from '@sparkmotion/shared/ndef/ndef';
import {
  ACCESS_FREE,
  ACCESS_NEVER,
  changeKeyData,
  dataHeader,
  FILE_NDEF,
  INS,
} from '@sparkmotion/shared/ntag424/commands';
import { encodeFileSettings, type FileSettings } from '@sparkmotion/shared/ntag424/file-settings';
import {
  deriveSdmBandKey,
  deriveSdmMetaReadKey,
  SDM_KEY_APP_MASTER,
  SDM_KEY_FILE_READ,
  SDM_KEY_META_READ,
  sdmKeysFor,
} from '@sparkmotion/shared/ntag424/sdm-keys';
import { verifySun } from '@sparkmotion/shared/ntag424/sun';
import {
  ntag424SunTemplate,
  SUN_MAC_QUERY_PARAM,
  SUN_PICC_QUERY_PARAM,
} from '@sparkmotion/shared/ntag424/sun-template';
import { type Ntag424Link, Ntag424StatusError } from './ntag424-link.ts';

/**
 * Personalises an NTAG 424 DNA as a SparkMotion band, or re-encodes one of the organization's own:
 *
 * 1. select the NDEF application, GetVersion (is it a 424? its UID): `ntag424-family.ts`;
 * 2. GetKeyVersion of key 0, then authenticate with key 0: the factory key when its version is 0, else the band key diversified
 *    from the organization's master key of that version (a key version names the master key version
 *    it came from); refused → `FOREIGN` (another organization's band, or one personalised elsewhere);
 * 3. write the NDEF file: NLEN 0, the message with the SUN placeholders, then NLEN (a torn write
 *    leaves an empty message, never half a URL);
 * 4. ChangeFileSettings: SDM with PICCData under key 1 and SDMMAC under key 2 at the template's
 *    offsets, reads free, writes and changes with key 0;
 * 5. keys 1 and 2 (their versions say what they hold), then key 0 last, which ends the session;
 * 6. read the NDEF file as a phone does and verify the SUN it carries with the new keys.
 *
 * Every step is idempotent and the key versions always say which key a slot holds, so a tag taken
 * away at any point is personalised on its next tap: never a band with keys nobody knows.
 */

export interface OrgSdmKeys {
  /** The master key to personalise with, and its version (1–255: written as every key's version). */
  readonly version: number;
  /** Master keys by version, the current one included: re-encoding opens bands keyed by older ones. */
  readonly masterKeys: ReadonlyMap<number, Uint8Array>;
}

export type PersonaliseFailure = 'FOREIGN' | 'UNKNOWN_KEY_VERSION' | 'SUN_MISMATCH';

export class PersonaliseError extends Error {
  readonly failure: PersonaliseFailure;
  constructor(failure: PersonaliseFailure, message: string) {
    super(message);
    this.name = 'PersonaliseError';
    this.failure = failure;
  }
}

const WRITE_CHUNK = 128;

export function sunFileSettings(piccDataOffset: number, macOffset: number): FileSettings {
  return {
    commMode: 'PLAIN',
    access: { read: ACCESS_FREE, write: SDM_KEY_APP_MASTER, readWrite: SDM_KEY_APP_MASTER, change: SDM_KEY_APP_MASTER },
    sdm: {
      uidMirror: true,
      readCtrMirror: true,
      ascii: true,
      metaRead: SDM_KEY_META_READ,
      fileRead: SDM_KEY_FILE_READ,
      ctrRet: ACCESS_NEVER,
      piccDataOffset,
      macInputOffset: macOffset,
      macOffset,
    },
  };
}

/** A 424 opened with its key 0: what `writeBand` and `verifyBand` go on with. */
export interface OpenedNtag424 {
  readonly link: Ntag424Link;
  readonly uid: Buffer;
  /** The version of key 0 before this tap (0: factory). */
  readonly version0: number;
  readonly keys: OrgSdmKeys;
}

/** The key a slot holds given its version: zeros from the factory, else derived from that master key. */
function keyOf(opened: Pick<OpenedNtag424, 'keys' | 'uid'>, keyNo: number, version: number): Buffer {
  if (version === 0) return Buffer.alloc(16);
  const master = opened.keys.masterKeys.get(version);
  if (!master) {
    throw new PersonaliseError(
      'UNKNOWN_KEY_VERSION',
      `The band's keys come from master key version ${version}, which this desk does not have`,
    );
  }
  return keyNo === SDM_KEY_META_READ
    ? deriveSdmMetaReadKey(master)
    : deriveSdmBandKey(master, keyNo as 0 | 2, opened.uid);
}

const keyVersion = async (link: Ntag424Link, keyNo: number) =>
  (await link.command(INS.GET_KEY_VERSION, 'MAC', Buffer.of(keyNo), Buffer.alloc(0), 'GetKeyVersion'))[0]!;

/**
 * Step 2 (the link has the NDEF application selected and GetVersion gave `uid`): authenticates with key 0,
 * writing nothing; a band that refuses is left as it was.
 */
export async function openNtag424(
  link: Ntag424Link,
  uid: Buffer,
  keys: OrgSdmKeys,
  random: (n: number) => Uint8Array,
): Promise<OpenedNtag424> {
  if (!keys.masterKeys.has(keys.version)) throw new RangeError(`no master key of version ${keys.version}`);
  const version0 = await keyVersion(link, SDM_KEY_APP_MASTER);
  const opened = { link, uid, version0, keys };
  if (!(await link.authenticate(SDM_KEY_APP_MASTER, keyOf(opened, SDM_KEY_APP_MASTER, version0), random(16)))) {
    throw new PersonaliseError(
      'FOREIGN',
      'The band refuses our key: it belongs to another organization or was personalised elsewhere',
    );
  }
  return opened;
}

/** Steps 3–5: the NDEF file, SDM settings and keys. Whether keys were changed. */
export async function writeBand(opened: OpenedNtag424, url: string): Promise<boolean> {
  const { link, keys } = opened;
  const template = ntag424SunTemplate(url);
  const file = template.file;
  const write = (offset: number, data: Uint8Array) =>
    link.command(INS.WRITE_DATA, 'PLAIN', dataHeader(FILE_NDEF, offset, data.length), data, 'write the NDEF file');
  await write(0, Buffer.alloc(2));
  for (let offset = 2; offset < file.length; offset += WRITE_CHUNK) {
    await write(offset, file.subarray(offset, Math.min(file.length, offset + WRITE_CHUNK)));
  }
  await write(0, file.subarray(0, 2));
  await link.command(
    INS.CHANGE_FILE_SETTINGS,
    'FULL',
    Buffer.of(FILE_NDEF),
    encodeFileSettings(sunFileSettings(template.piccDataOffset, template.macOffset)),
    'ChangeFileSettings',
  );
  let keysChanged = false;
  for (const keyNo of [SDM_KEY_META_READ, SDM_KEY_FILE_READ]) {
    const version = await keyVersion(link, keyNo);
    if (version === keys.version) continue;
    const data = changeKeyData(
      keyNo,
      SDM_KEY_APP_MASTER,
      keyOf(opened, keyNo, keys.version),
      keys.version,
      keyOf(opened, keyNo, version),
    );
    await link.command(INS.CHANGE_KEY, 'FULL', Buffer.of(keyNo), data, `ChangeKey ${keyNo}`);
    keysChanged = true;
  }
  if (opened.version0 !== keys.version) {
    const data = changeKeyData(
      SDM_KEY_APP_MASTER,
      SDM_KEY_APP_MASTER,
      keyOf(opened, SDM_KEY_APP_MASTER, keys.version),
      keys.version,
    );
    // Changing the key authenticated with ends the session: the answer is a plain 91 00.
    const answer = await link.raw(
      link.channel!.wrapCommand(INS.CHANGE_KEY, 'FULL', Buffer.of(SDM_KEY_APP_MASTER), data),
    );
    link.channel = null;
    if (answer.sw !== 0x9100) throw new Ntag424StatusError('ChangeKey 0', answer.sw);
    keysChanged = true;
  }
  return keysChanged;
}

/** Step 6: reads the band as a phone does; the SDMReadCtr of a SUN valid under the current keys, for this URL. */
export async function verifyBand(opened: OpenedNtag424, url: string): Promise<number> {
  const read = await opened.link.readNdefAsPhone();
  const seen = read.length > 0 ? findUri(parseNdefMessage(read)) : null;
  const params = seen ? new URL(seen).searchParams : null;
  const result = verifySun(
    { piccData: params?.get(SUN_PICC_QUERY_PARAM) ?? '', mac: params?.get(SUN_MAC_QUERY_PARAM) ?? '' },
    sdmKeysFor(opened.keys.masterKeys.get(opened.keys.version)!),
  );
  const base = url.slice(0, url.indexOf(`${SUN_PICC_QUERY_PARAM}=`));
  if (!result.ok || result.uid !== opened.uid.toString('hex').toUpperCase() || !seen?.startsWith(base)) {
    throw new PersonaliseError(
      'SUN_MISMATCH',
      `The band's read-back does not carry a valid SUN (${result.ok ? 'another URL or UID' : result.failure})`,
    );
  }
  return result.counter;
}
