import { randomBytes } from 'node:crypto';
import { parseBandUrl } from '@sparkmotion/shared/ndef/band-url';
import { findUri, parseNdefMessage } from '@sparkmotion/shared/ndef/ndef';
import { withSunPlaceholders } from '@sparkmotion/shared/ntag424/sun-template';
import type { EncodeRequest, EncodeSession, IdentifiedTag, TagFamily } from '../encode-session.ts';
import { stationFailure } from '../station-failure.ts';
import { Ntag424Link } from './ntag424-link.ts';
import { openNtag424, PersonaliseError, verifyBand, writeBand } from './personalise.ts';

/**
 * NTAG 424 DNA through any PC/SC reader (ISO 7816-4 APDUs, docs/tap-trust.md): the band URL with a SUN
 * (PICCData + SDMMAC) under keys diversified from the organization's master key. Asked only for ISO 14443-4
 * cards, so NTAG21x taps cost no extra APDU.
 */
export const ntag424Family: TagFamily = {
  async identify(link, uid) {
    if (link.standard !== 'TAG_ISO_14443_4') return null;
    const card = new Ntag424Link(link.transmit);
    if (!(await card.trySelectApplication())) return null;
    const tagUid = await card.uidIfNtag424();
    if (!tagUid) return null;
    // A phone's read: on an enrolled band it moves the SUN counter once, which the cloud never minds.
    const message = await card.readNdefAsPhone();
    const uri = message.length > 0 ? findUri(parseNdefMessage(message)) : null;
    return {
      summary: {
        uid,
        type: 'NTAG424',
        lockState: 'unlocked',
        uri,
        bandId: uri ? (parseBandUrl(uri)?.bandId ?? null) : null,
      },
      blank: message.length === 0,
      prepare: (request) => prepare(card, tagUid, request),
    } satisfies IdentifiedTag;
  },
};

async function prepare(card: Ntag424Link, uid: Buffer, request: EncodeRequest): Promise<EncodeSession> {
  const keys = await request.sdmKeys();
  if (!keys) {
    throw stationFailure(
      'TAG_SECRET_UNAVAILABLE',
      "This desk has not got your organization's NTAG 424 DNA keys yet: connect to the cloud once, then tap again.",
      { uid: uid.toString('hex') },
    );
  }
  const url = withSunPlaceholders(request.url);
  const opened = await openNtag424(card, uid, keys, randomBytes).catch((error) => {
    throw error instanceof PersonaliseError
      ? stationFailure('TAG_PROTECTED', refusal(error), { uid: uid.toString('hex') })
      : error;
  });
  return {
    url,
    trust: 'NTAG424_SUN',
    passwordProtected: true,
    secretVersion: keys.version,
    async write() {
      await writeBand(opened, url);
    },
    async verify() {
      await verifyBand(opened, url).catch((error) => {
        if (!(error instanceof PersonaliseError)) throw error;
        throw stationFailure('VERIFY_MISMATCH', `${error.message}. Tap it again to rewrite.`, {
          uid: uid.toString('hex'),
        });
      });
    },
    // An NTAG 424 DNA band is guarded by its keys; there is no irreversible lock to set.
    async protect() {
      return { locked: false };
    },
  };
}

function refusal(error: PersonaliseError): string {
  return error.failure === 'UNKNOWN_KEY_VERSION'
    ? `${error.message}: sign in online so the desk gets the organization's keys, then tap again.`
    : "This NTAG 424 DNA band belongs to another organization or was personalised elsewhere: its keys are not your organization's, so it cannot be re-encoded here.";
}
