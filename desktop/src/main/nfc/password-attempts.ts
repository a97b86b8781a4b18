/**
 * Which versions of the organization's NTAG secret a desk tries, in order, to open a band protected before
 * (docs/secrets.md). The version the band was registered with goes first, then the current one, then the
 * older ones newest first, so a band this organization registered opens at the first attempt. Only versions
 * the desk holds are tried. A tag with an AUTHLIM disables its password for good after that many failures
 * in a row: our bands have none (`bandTagConfig`), so such a tag is not one of ours and gets one attempt,
 * as before versions existed.
 */
export function passwordAttempts(input: {
  /** The versions this desk holds. */
  held: Iterable<number>;
  current: number;
  /** The version the band was registered with; null when the desk does not know the band. */
  registered: number | null;
  /** The tag's AUTHLIM (0: unlimited attempts). */
  authLimit: number;
}): number[] {
  const held = new Set(input.held);
  const older = [...held].filter((v) => v !== input.current).sort((a, b) => b - a);
  const order = [...new Set([input.registered, input.current, ...older])].filter(
    (v): v is number => v !== null && held.has(v),
  );
  return input.authLimit === 0 ? order : order.slice(0, 1);
}
