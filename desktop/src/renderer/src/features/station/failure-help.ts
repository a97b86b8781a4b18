import type { FailureCode } from '@sparkmotion/shared/errors';

/**
 * Failures the station's own message does not settle: the next step is not "tap again", so the screen
 * shows what staff should do (`station.help.<code>` in the catalogues). The overwrite confirmation has its
 * own buttons.
 */
const withHelp = ['TAG_PROTECTED', 'TAG_SECRET_UNAVAILABLE'] as const satisfies readonly FailureCode[];
export type FailureWithHelp = (typeof withHelp)[number];

export function hasFailureHelp(code: string | null): code is FailureWithHelp {
  return withHelp.includes(code as FailureWithHelp);
}
