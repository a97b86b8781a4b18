import { DomainError } from '../errors.ts';
import { configPagesOf, encodeNtagConfig, FACTORY_CONFIG, type NtagConfig } from './config.ts';
import {
  CC_PAGE,
  capabilityContainer,
  FIRST_USER_PAGE,
  NTAG_SPECS,
  type NtagType,
  PAGE_SIZE,
  readOnlyLockWrites,
  toPages,
  uriImage,
} from './memory-layout.ts';
import {
  bandTagConfig,
  MIRROR_PLACEHOLDER,
  mirrorAddress,
  mirrorPlacement,
  mirrorText,
  withMirrorPlaceholder,
} from './mirror.ts';
import type { NtagPassword } from './password.ts';

/**
 * How an NTAG213/215/216 becomes a band, worked out before the tag is touched: which pages to write in
 * which order, and what reading them back must show. Pure; the desk's encode session carries it out.
 */

export type PageWrite = { readonly page: number; readonly data: Uint8Array };

/** How a band proves its taps (docs/tap-trust.md): the UID + counter mirror, optionally password-guarded, or nothing. */
export type NtagTrust =
  | { readonly kind: 'NONE' }
  | { readonly kind: 'NTAG21X_MIRROR'; readonly password: NtagPassword | null };

export interface EncodePlanInput {
  readonly type: NtagType;
  /** The band URL, without the mirror placeholder (the plan adds it for NTAG21X_MIRROR). */
  readonly url: string;
  readonly trust: NtagTrust;
  /** Make the tag read-only once verified. Irreversible. */
  readonly lock: boolean;
  /** What the tag holds now: its capability container and configuration (CFG0/CFG1 decoded). */
  readonly current: { readonly cc: Uint8Array; readonly config: NtagConfig };
}

export interface EncodePlan {
  readonly type: NtagType;
  /** The URL as stored, mirror placeholder included. */
  readonly url: string;
  readonly trust: NtagTrust['kind'];
  readonly password: NtagPassword | null;
  /** The bytes written from page 4 on, zero-padded to whole pages. */
  readonly image: Uint8Array;
  /**
   * The CC when the tag is not formatted, then the data pages from page 5 on and page 4 (the TLV header)
   * last: until that one lands the tag reads as it did, never as a valid half-URL.
   */
  readonly dataWrites: readonly PageWrite[];
  /** PWD and PACK, then CFG1 and CFG0 (AUTH0 last: the password guards the tag only once it is in place). */
  readonly configWrites: readonly PageWrite[];
  /** The read-only lock writes, in their order; empty unless `lock`. */
  readonly lockWrites: readonly PageWrite[];
  /** First configuration page (CFG0): reading 16 bytes from here shows CFG0 and CFG1. */
  readonly configPage: number;
  readonly cfg0: Uint8Array;
  readonly cfg1: Uint8Array;
  /** Where in `image` the tag shows its UID and counter instead of the stored placeholder; null without mirror. */
  readonly mirror: { readonly offset: number; readonly length: number } | null;
}

/** Throws TAG_TOO_SMALL when the band URL does not fit the data area the tag's CC declares. */
export function planEncode(input: EncodePlanInput): EncodePlan {
  const spec = NTAG_SPECS[input.type];
  const { cc, config: current } = input.current;
  const trust = input.trust;
  const url = trust.kind === 'NTAG21X_MIRROR' ? withMirrorPlaceholder(input.url) : input.url;
  const fit = uriImage(spec, cc, url);
  if (!fit.image) {
    throw new DomainError('TAG_TOO_SMALL', `The band URL needs ${fit.needs} bytes; an ${spec.type} holds ${fit.area}.`);
  }
  const image = fit.image;
  const pages = toPages(image);

  const placement = trust.kind === 'NTAG21X_MIRROR' ? mirrorPlacement(image) : null;
  const password = trust.kind === 'NTAG21X_MIRROR' ? trust.password : null;
  const config = placement ? bandTagConfig(placement, { protect: password !== null }) : FACTORY_CONFIG;
  const { cfg0, cfg1 } = encodeNtagConfig(config);
  const cfgPages = configPagesOf(spec.type);

  const dataWrites: PageWrite[] = [];
  if (cc[0] !== 0xe1) dataWrites.push({ page: CC_PAGE, data: capabilityContainer(spec) });
  for (let i = 1; i < pages.length; i++) dataWrites.push({ page: FIRST_USER_PAGE + i, data: pages[i]! });
  dataWrites.push({ page: FIRST_USER_PAGE, data: pages[0]! });

  // A tag left at factory configuration needs none written; one mirrored or guarded before is reset too.
  const configWrites: PageWrite[] = [];
  if (placement || current.mirrorConf !== 'NONE' || current.auth0 <= spec.pages - 1) {
    if (password) {
      configWrites.push({ page: cfgPages.pwd, data: password.pwd });
      configWrites.push({ page: cfgPages.pack, data: Uint8Array.of(...password.pack, 0, 0) });
    }
    configWrites.push({ page: cfgPages.cfg1, data: cfg1 }, { page: cfgPages.cfg0, data: cfg0 });
  }

  return {
    type: spec.type,
    url,
    trust: trust.kind,
    password,
    image,
    dataWrites,
    configWrites,
    lockWrites: input.lock ? readOnlyLockWrites(spec) : [],
    configPage: cfgPages.cfg0,
    cfg0,
    cfg1,
    mirror: placement
      ? { offset: mirrorAddress(placement) - FIRST_USER_PAGE * PAGE_SIZE, length: MIRROR_PLACEHOLDER.length }
      : null,
  };
}

/**
 * Whether `readBack` (the image's span from page 4, as the tag sends it) is what the plan wrote. Where the
 * mirror is, a phone sees this tag's UID and some counter; before the mirror is configured (`mirrored`
 * false: a retry checking what landed) the stored placeholder counts too.
 */
export function showsImage(plan: EncodePlan, readBack: Uint8Array, uid: Uint8Array, mirrored: boolean): boolean {
  const written = plan.image;
  if (readBack.length !== written.length) return false;
  if (!plan.mirror) return equalBytes(readBack, written);
  const start = plan.mirror.offset;
  const end = start + plan.mirror.length;
  if (!equalBytes(readBack.subarray(0, start), written.subarray(0, start))) return false;
  if (!equalBytes(readBack.subarray(end), written.subarray(end))) return false;
  const shown = new TextDecoder('latin1').decode(readBack.subarray(start, end));
  const uidPart = mirrorText('UID', uid, 0);
  if (shown.startsWith(`${uidPart}x`) && /^[0-9A-F]{6}$/.test(shown.slice(uidPart.length + 1))) return true;
  return !mirrored && shown === MIRROR_PLACEHOLDER;
}

/** Whether 16 bytes read from `plan.configPage` show the planned CFG0 and CFG1's ACCESS byte. */
export function showsConfig(plan: EncodePlan, readBack: Uint8Array): boolean {
  return equalBytes(readBack.subarray(0, PAGE_SIZE), plan.cfg0) && readBack[PAGE_SIZE] === plan.cfg1[0];
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
