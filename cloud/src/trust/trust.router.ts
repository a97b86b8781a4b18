/**
 * Tap-trust analytics and settings, org-scoped (`orgProcedure`):
 * - `summary`: per verdict, the event's classified taps, and the genuine share (of taps whose band can
 *   prove anything, i.e. without UNVERIFIED);
 * - `suspiciousBands`: bands with REPLAYED or COPIED taps, with their evidence (counts, last seen, the
 *   UIDs and counters the suspicious taps carried, the reasons);
 * - `policy`: where the event sends REPLAYED/COPIED taps now (VIEWER and up);
 * - `setPolicy`: where the event sends REPLAYED/COPIED taps (SAME_PAGE or FALLBACK), EDITOR and up;
 * - `ntagSecret`: the organization's NTAG21x password secret, for the desk that encodes its bands (EDITOR
 *   and up; created on first use): the current version, and the older ones a band may still be locked
 *   with. It only protects tags against rewriting.
 * - `sdmMasterKeys`: the organization's NTAG 424 DNA master key, every version, for the desk that
 *   personalises 424 bands (EDITOR and up, as the NTAG secret). It authenticates taps, so every hand-out is
 *   audited (`orgSecret.handOut`); desks ask only when a 424 band is on the reader, and no screen shows it.
 * - `resetBandCounter` (EDITOR, audited): forgets a band's tap counter, for a band locked out by counters it
 *   never showed (docs/tap-trust.md).
 * - `rotateNtagSecret`, `rotateSdmMasterKey` (OWNER, audited): a new version becomes current, e.g. after
 *   an editor who saw the secret left; bands keep the version they were written with until encoded again.
 */
import { BandCounterResetInput, TrustPolicyInput } from '@sparkmotion/shared/schemas/trust.schema';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/init.ts';
import {
  handOutSdmMasterKeys,
  ntagSecrets,
  resetBandCounter,
  rotateSecret,
  setTrustPolicy,
  suspiciousBands,
  trustPolicyOf,
  trustSummary,
} from './trust.service.ts';

const EventInput = z.object({ orgId: z.uuid(), eventId: z.uuid() });
const SuspiciousInput = EventInput.extend({ limit: z.number().int().min(1).max(500).default(50) });
const OrgInput = z.object({ orgId: z.uuid() });

export const trustRouter = router({
  summary: orgProcedure('VIEWER')
    .input(EventInput)
    .query(({ ctx, input }) => trustSummary(ctx, input)),
  suspiciousBands: orgProcedure('VIEWER')
    .input(SuspiciousInput)
    .query(({ ctx, input }) => suspiciousBands(ctx, input)),
  policy: orgProcedure('VIEWER')
    .input(EventInput)
    .query(({ ctx, input }) => trustPolicyOf(ctx, input)),
  resetBandCounter: orgProcedure('EDITOR')
    .input(BandCounterResetInput)
    .mutation(({ ctx, input }) => resetBandCounter(ctx, input, ctx.deps.counterGate)),
  setPolicy: orgProcedure('EDITOR')
    .input(TrustPolicyInput)
    .mutation(({ ctx, input }) => setTrustPolicy(ctx, input)),
  ntagSecret: orgProcedure('EDITOR')
    .input(OrgInput)
    .query(({ ctx }) => ntagSecrets(ctx, ctx.deps.secretBox)),
  rotateNtagSecret: orgProcedure('OWNER')
    .input(OrgInput)
    .mutation(({ ctx }) => rotateSecret(ctx, ctx.deps.secretBox, 'NTAG21X')),
  sdmMasterKeys: orgProcedure('EDITOR')
    .input(OrgInput)
    .query(({ ctx }) => handOutSdmMasterKeys(ctx, ctx.deps.secretBox)),
  rotateSdmMasterKey: orgProcedure('OWNER')
    .input(OrgInput)
    .mutation(({ ctx }) => rotateSecret(ctx, ctx.deps.secretBox, 'NTAG424')),
});
