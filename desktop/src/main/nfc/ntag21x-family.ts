import { createHmac } from 'node:crypto';
import { parseBandUrl } from '@sparkmotion/shared/ndef/band-url';
import { decodeNtagConfig, FACTORY_CONFIG } from '@sparkmotion/shared/ntag/config';
import { type EncodePlan, planEncode, showsConfig, showsImage } from '@sparkmotion/shared/ntag/encode-plan';
import { FIRST_USER_PAGE, NTAG_SPECS } from '@sparkmotion/shared/ntag/memory-layout';
import { deriveNtagPassword, type NtagPassword } from '@sparkmotion/shared/ntag/password';
import type { EncodeRequest, EncodeSession, TagFamily, TagLink } from './encode-session.ts';
import type { TagSummary } from './nfc-events.ts';
import { pwdAuth, readFourPages, readSpan, readTag, type TagInfo, writePage } from './ntag-io.ts';
import { passwordAttempts } from './password-attempts.ts';
import { stationFailure } from './station-failure.ts';

/**
 * NTAG213/215/216 through the reader's pseudo-APDUs (`FF B0`, `FF D6`) and the PN532 pass-through: the
 * band URL with the UID + counter mirror, guarded by a per-band password derived from the organization's
 * secret (docs/tap-trust.md).
 */
export const ntag21xFamily: TagFamily = {
  async identify(link, uid) {
    const info = await readTag(link.transmit, uid);
    if (!info.type) return null;
    return {
      summary: summarize(info),
      blank: info.content.kind === 'blank',
      prepare: (request) => prepare(link, info, request),
    };
  },
};

/** What a tag no family knows shows at the desk. */
export function unknownTagSummary(uid: string): TagSummary {
  return { uid, type: null, lockState: 'unlocked', uri: null, bandId: null };
}

async function prepare(link: TagLink, info: TagInfo, request: EncodeRequest): Promise<EncodeSession> {
  const uid = Buffer.from(info.uid, 'hex');
  const spec = NTAG_SPECS[info.type!];
  // An NTAG21x's TagInfo always carries its configuration (read with the dynamic lock page).
  const current = info.config ? decodeNtagConfig(info.config.cfg0, info.config.cfg1) : FACTORY_CONFIG;
  const planWith = (password: NtagPassword | null) =>
    planEncode({
      type: spec.type,
      url: request.url,
      trust: request.trust ? { kind: 'NTAG21X_MIRROR', password } : { kind: 'NONE' },
      lock: request.lock,
      current: { cc: info.cc, config: current },
    });
  // Planned before the tag is opened: a band URL that cannot fit leaves a protected band untouched too.
  const plain = planWith(null);
  if (current.auth0 <= spec.pages - 1) await openProtected(link, info.uid, current.authLimit, request);
  if (!request.trust) return session(link, info, plain, request.retrying);
  const held = await request.ntagSecrets();
  // Without the secret a band would go out unprotected: anyone could rewrite it. Never silently.
  if (!held) {
    throw stationFailure(
      'TAG_SECRET_UNAVAILABLE',
      "This desk has not got your organization's tag secret yet: connect to the cloud once, then tap again.",
      { uid: info.uid },
    );
  }
  // Always the current version: re-encoding a band written with an older one moves it forward.
  const password = derivePassword(held.secrets.get(held.version)!, uid);
  return session(link, info, planWith(password), request.retrying, held.version);
}

/**
 * AUTH0 says the band's pages are guarded: authenticate with the password derived from this desk's
 * organization secret, trying the versions it holds (`passwordAttempts`: the band's registered version
 * first), PACK checked. Without a secret, or when the tag refuses them all (re-encoded at another desk with a
 * version this desk does not hold yet, another organization's band, another tool's), the tag is refused untouched.
 */
async function openProtected(link: TagLink, uidHex: string, authLimit: number, request: EncodeRequest): Promise<void> {
  const held = await request.ntagSecrets();
  if (!held) {
    throw stationFailure('TAG_PROTECTED', 'This band is password-protected and this desk has no tag secret.', {
      uid: uidHex,
    });
  }
  const uid = Buffer.from(uidHex, 'hex');
  const registered = await request.writtenWith();
  for (const version of passwordAttempts({ held: held.secrets.keys(), current: held.version, registered, authLimit })) {
    if (await authenticate(link, derivePassword(held.secrets.get(version)!, uid))) return;
  }
  throw stationFailure('TAG_PROTECTED', "None of this desk's tag secrets opens this band: sync, then tap again.", {
    uid: uidHex,
  });
}

function session(
  link: TagLink,
  info: TagInfo,
  plan: EncodePlan,
  retrying: boolean,
  secretVersion?: number,
): EncodeSession {
  const { transmit, support } = link;
  const uid = Buffer.from(info.uid, 'hex');
  const readImage = () => readSpan(transmit, FIRST_USER_PAGE, plan.image.length, support);
  return {
    url: plan.url,
    trust: plan.trust,
    passwordProtected: plan.password !== null,
    ...(plan.password && secretVersion ? { secretVersion } : {}),
    async write() {
      // A retry whose data all made it (the tag left during the lock step) only finishes the configuration and lock.
      const complete = retrying && showsImage(plan, await readImage(), uid, false);
      if (info.lockState !== 'unlocked' && !complete) {
        throw stationFailure('TAG_LOCKED', `This tag is ${info.lockState} and cannot be written.`, { uid: info.uid });
      }
      if (!complete) for (const { page, data } of plan.dataWrites) await writePage(transmit, page, data);
      // The configuration is written even when a retry found the data complete: the tag may have left before it.
      for (const { page, data } of plan.configWrites) await writePage(transmit, page, data);
    },
    async verify() {
      // Read back as a phone would: the mirror shows this tag's UID and counter where the placeholder is.
      const image = await readImage();
      const config = await readFourPages(transmit, plan.configPage);
      if (!showsImage(plan, image, uid, true) || !showsConfig(plan, config)) {
        throw stationFailure(
          'VERIFY_MISMATCH',
          'The tag did not read back what was written. Tap it again to rewrite.',
          {
            uid: info.uid,
          },
        );
      }
      // Authenticating with the new password proves PWD and PACK were stored, and opens the lock pages.
      if (plan.password && !(await authenticate(link, plan.password))) {
        throw stationFailure('VERIFY_MISMATCH', 'The tag does not accept its new password. Tap it again to rewrite.', {
          uid: info.uid,
        });
      }
    },
    async protect() {
      for (const { page, data } of plan.lockWrites) await writePage(transmit, page, data);
      return { locked: plan.lockWrites.length > 0 };
    },
  };
}

const derivePassword = (secret: Uint8Array, uid: Uint8Array): NtagPassword =>
  deriveNtagPassword((key, data) => createHmac('sha256', key).update(data).digest(), secret, uid);

/** PWD_AUTH with a band's password; true only when the tag answers the expected PACK. */
async function authenticate(link: TagLink, password: NtagPassword): Promise<boolean> {
  const pack = await pwdAuth(link.transmit, password.pwd);
  return pack?.equals(password.pack) === true;
}

function summarize(info: TagInfo): TagSummary {
  const uri = info.content.kind === 'uri' ? info.content.uri : null;
  return {
    uid: info.uid,
    type: info.type,
    lockState: info.lockState,
    uri,
    bandId: uri ? (parseBandUrl(uri)?.bandId ?? null) : null,
  };
}
