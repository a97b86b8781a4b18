import type { FailureCode } from '@sparkmotion/shared/errors';

/**
 * What staff should do after a failure the station's own message does not settle: shown under the reason,
 * for codes where the next step is not "tap again". The overwrite confirmation has its own buttons.
 */
const help: Partial<Record<FailureCode, { title: string; text: string }>> = {
  TAG_PROTECTED: {
    title: 'Write-protected tag',
    text:
      'This tag is write-protected by another organization or app; it cannot be re-encoded here. ' +
      'Set it aside and use another band. If it is one of your bands, sign in with the network up ' +
      '(the desk needs your organization’s tag secret) and tap it again.',
  },
  TAG_SECRET_UNAVAILABLE: {
    title: 'No tag secret on this desk yet',
    text:
      'Bands are write-protected with your organization’s tag secret, which this desk gets from the cloud. ' +
      'It has not reached the cloud since it started, so it encodes nothing rather than bands anyone could ' +
      'rewrite. Connect to the network once (signed in as an editor), then tap again.',
  },
};

export function failureHelp(code: string | null): { title: string; text: string } | null {
  return (code && help[code as FailureCode]) || null;
}
