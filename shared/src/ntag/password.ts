/**
 * A band's NTAG21x password (PWD, 4 bytes) and password acknowledge (PACK, 2 bytes), derived so the
 * cloud and the console can recompute them from the organization's secret and the tag UID, and
 * nobody types or sees them:
 *
 *   mac  = HMAC-SHA256(orgSecret, "sparkmotion/ntag21x-pwd/v1" || 0x00 || UID)
 *   PWD  = mac[0..3], PACK = mac[4..5]
 *
 * The label versions the scheme (a new label = new passwords) and keeps these bytes unrelated to
 * any other use of the same secret. HMAC is injected (node:crypto's `createHmac` in the cloud and
 * the desktop main process) so this module stays pure.
 */

export type HmacSha256 = (key: Uint8Array, data: Uint8Array) => Uint8Array;

export const NTAG_PASSWORD_LABEL = 'sparkmotion/ntag21x-pwd/v1';

export interface NtagPassword {
  readonly pwd: Uint8Array;
  readonly pack: Uint8Array;
}

export function ntagPasswordInput(uid: Uint8Array): Uint8Array {
  if (uid.length !== 7) throw new RangeError('an NTAG21x UID has 7 bytes');
  const label = new TextEncoder().encode(NTAG_PASSWORD_LABEL);
  const input = new Uint8Array(label.length + 1 + uid.length);
  input.set(label);
  input.set(uid, label.length + 1);
  return input;
}

export function deriveNtagPassword(hmacSha256: HmacSha256, orgSecret: Uint8Array, uid: Uint8Array): NtagPassword {
  if (orgSecret.length < 16) throw new RangeError('the organization secret must have at least 16 bytes');
  const mac = hmacSha256(orgSecret, ntagPasswordInput(uid));
  if (mac.length !== 32) throw new RangeError('hmacSha256 must return 32 bytes');
  return { pwd: mac.slice(0, 4), pack: mac.slice(4, 6) };
}
