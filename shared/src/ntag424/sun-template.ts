import { DomainError } from '../errors.ts';
import { encodeUriMessage } from '../ndef/ndef.ts';

/**
 * The NDEF file of an NTAG 424 DNA band and where its Secure Dynamic Messaging (SDM) mirrors go.
 * The cloud's verifier (`shared/src/ntag424/sun.ts`) expects exactly this shape:
 *
 *   https://<hub>/e?bandId=<id>&picc=<32 hex: encrypted PICCData>&cmac=<16 hex: SDMMAC>
 *
 * Encoding path (NT4H2421Gx datasheet §9.3 and §10; AN12196 walks through each command):
 * 1. ISOSelectFile the NDEF application (D2760000850101), authenticate with key 0 (factory: zeros).
 * 2. Write the NDEF file (file 02, ISO id E104) with `ntag424SunTemplate(url).file`.
 * 3. ChangeFileSettings on file 02: SDM enabled (FileOption bit 6), plain communication; read free
 *    (E), write/read-write/change with key 0; SDMOptions = UID mirror + SDMReadCtr + ASCII
 *    (0xC1); SDMMetaRead = key 1 (PICCData encrypted), SDMFileRead = key 2 (MAC), SDMCtrRet = key
 *    1 or none; PICCDataOffset = `piccDataOffset`, SDMMACInputOffset = SDMMACOffset =
 *    `macOffset` (the MAC covers no URL text, which is what `verifySun` assumes by default).
 * 4. ChangeKey keys 2, 1 then 0 to the band's keys from `sdm-keys.ts` (key 1 per
 *    organization, keys 0 and 2 diversified by the UID with AN10922).
 * The placeholders written in step 2 are what a reader without SDM would see: zeros.
 */

export const SUN_PICC_PLACEHOLDER = '0'.repeat(32);
export const SUN_MAC_PLACEHOLDER = '0'.repeat(16);
export const SUN_PICC_QUERY_PARAM = 'picc';
export const SUN_MAC_QUERY_PARAM = 'cmac';
/**
 * PICCData's name on tags personalised elsewhere (AN12196's examples and NXP's tools use
 * `picc_data=…&cmac=…`): the cloud reads it as `picc`.
 */
export const SUN_PICC_QUERY_ALIASES: readonly string[] = ['picc_data'];
/** NDEF file 02 of an NTAG 424 DNA: 256 bytes, of which 2 hold NLEN. */
export const NTAG424_NDEF_FILE_SIZE = 256;

export interface SunTemplate {
  readonly url: string;
  /** The NDEF file content: NLEN (2 bytes, big-endian) then the NDEF message. */
  readonly file: Uint8Array;
  /** Byte offset in the file of the first PICCData placeholder character. */
  readonly piccDataOffset: number;
  /** Byte offset in the file of the first SDMMAC placeholder character (also SDMMACInputOffset). */
  readonly macOffset: number;
}

/** Appends `picc=` and `cmac=` placeholders to a band URL. */
export function withSunPlaceholders(url: string): string {
  if (/[?&](picc|cmac)=/.test(url)) throw new DomainError('BAD_INPUT', 'The URL already has SUN parameters');
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}${SUN_PICC_QUERY_PARAM}=${SUN_PICC_PLACEHOLDER}&${SUN_MAC_QUERY_PARAM}=${SUN_MAC_PLACEHOLDER}`;
}

/** The file and SDM offsets for a URL made by `withSunPlaceholders`. Throws BAD_INPUT otherwise. */
export function ntag424SunTemplate(url: string): SunTemplate {
  const piccMarker = `${SUN_PICC_QUERY_PARAM}=${SUN_PICC_PLACEHOLDER}`;
  const macMarker = `&${SUN_MAC_QUERY_PARAM}=${SUN_MAC_PLACEHOLDER}`;
  const picc = url.indexOf(piccMarker);
  if (picc < 1 || !'?&'.includes(url[picc - 1]!) || url.indexOf(piccMarker, picc + 1) >= 0) {
    throw new DomainError('BAD_INPUT', `The URL must carry exactly one ${piccMarker}`);
  }
  if (!url.endsWith(macMarker) || url.indexOf(macMarker) !== picc + piccMarker.length) {
    throw new DomainError('BAD_INPUT', `The URL must end with ${piccMarker}${macMarker}`);
  }
  const message = encodeUriMessage(url);
  const file = new Uint8Array(2 + message.length);
  if (file.length > NTAG424_NDEF_FILE_SIZE) {
    throw new DomainError(
      'BAD_INPUT',
      `The URL needs ${file.length} bytes; the NDEF file holds ${NTAG424_NDEF_FILE_SIZE}`,
    );
  }
  file[0] = message.length >> 8;
  file[1] = message.length & 0xff;
  file.set(message, 2);
  // The URL ends the message, so each placeholder sits at a fixed distance from the end.
  const macOffset = file.length - SUN_MAC_PLACEHOLDER.length;
  const piccDataOffset = macOffset - macMarker.length + SUN_MAC_PLACEHOLDER.length - SUN_PICC_PLACEHOLDER.length;
  return { url, file, piccDataOffset, macOffset };
}
