import {
  BandExportInput,
  BandImportInput,
  BandListInput,
  BandMintIdsInput,
  BandRef,
  BandRegisterInput,
  BandRegisterManyInput,
  BandReplaceInput,
  BandRestoreInput,
  BandSetAttendeeInput,
} from '@sparkmotion/shared/schemas/bands.schema';
import { orgProcedure, router } from '../trpc/init.ts';
import { replaceBand, restoreBand, setBandStatus } from './band-lifecycle.service.ts';
import { newBandId } from './band-registration.ts';
import { exportBandCsv, importBandCsv, listBands, registerBatch, setAttendee, viewOrFail } from './bands.service.ts';

export const bandsRouter = router({
  /** Registers one band. `bandId` is minted when absent; BAND_ALREADY_REGISTERED for a taken bandId or uid. */
  register: orgProcedure('EDITOR')
    .input(BandRegisterInput)
    .mutation(async ({ ctx, input }) => {
      const [band] = await registerBatch(ctx, input.eventId, [input]);
      return viewOrFail(ctx, band!.bandId);
    }),

  /** Registers a batch, all or nothing; a refusal lists every row's problem in `details.errors`. */
  registerMany: orgProcedure('EDITOR')
    .input(BandRegisterManyInput)
    .mutation(async ({ ctx, input }) => {
      const bands = await registerBatch(ctx, input.eventId, input.bands);
      return { registered: bands.length, bandIds: bands.map((b) => b.bandId) };
    }),

  /** Fresh ids for this organization, the kind a desk mints offline: for a bulk list to encode elsewhere. */
  mintIds: orgProcedure('EDITOR')
    .input(BandMintIdsInput)
    .mutation(({ ctx, input }) => ({ bandIds: Array.from({ length: input.count }, () => newBandId(ctx.org.id)) })),

  get: orgProcedure('VIEWER')
    .input(BandRef)
    .query(({ ctx, input }) => viewOrFail(ctx, input.bandId)),

  list: orgProcedure('VIEWER')
    .input(BandListInput)
    .query(({ ctx, input }) => listBands(ctx, input)),

  disable: orgProcedure('EDITOR')
    .input(BandRef)
    .mutation(({ ctx, input }) => setBandStatus(ctx, input.bandId, 'DISABLED')),

  enable: orgProcedure('EDITOR')
    .input(BandRef)
    .mutation(({ ctx, input }) => setBandStatus(ctx, input.bandId, 'ACTIVE')),

  markLost: orgProcedure('EDITOR')
    .input(BandRef)
    .mutation(({ ctx, input }) => setBandStatus(ctx, input.bandId, 'LOST')),

  /**
   * A band marked lost by mistake works again; its replacement is retired: one not yet encoded always, one
   * carrying a tag only with `retireReplacement` (CONFLICT otherwise).
   */
  restore: orgProcedure('EDITOR')
    .input(BandRestoreInput)
    .mutation(({ ctx, input }) => restoreBand(ctx, input.bandId, { retireReplacement: input.retireReplacement })),

  replace: orgProcedure('EDITOR')
    .input(BandReplaceInput)
    .mutation(async ({ ctx, input }) => {
      const { lost, replacement } = await replaceBand(ctx, input);
      return { lost: await viewOrFail(ctx, lost), replacement: await viewOrFail(ctx, replacement) };
    }),

  setAttendee: orgProcedure('EDITOR')
    .input(BandSetAttendeeInput)
    .mutation(({ ctx, input }) => setAttendee(ctx, input)),

  importCsv: orgProcedure('EDITOR')
    .input(BandImportInput)
    .mutation(({ ctx, input }) => importBandCsv(ctx, input)),

  exportCsv: orgProcedure('VIEWER')
    .input(BandExportInput)
    .query(({ ctx, input }) => exportBandCsv(ctx, input, ctx.deps.config.hubBaseUrl)),
});
