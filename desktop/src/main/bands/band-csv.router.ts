import { previewBandCsv } from '@sparkmotion/shared/bands/band-csv';
import { BandStatus } from '@sparkmotion/shared/schemas/common.schema';
import { z } from 'zod';
import type { LocalStore } from '../store/local-store.ts';
import { publicProcedure, router } from '../trpc.ts';
import { type DeskBand, deskBandsToCsv } from './desk-band-export.ts';

/** The largest CSV the console reads: a festival's 100,000 bands with attendees fit well under it. */
const MAX_CSV_CHARS = 20_000_000;
const EXPORT_PAGE = 5_000;

/** Band CSV files at the desk, read and written in main with the product's one CSV dialect. */
export function createBandCsvRouter(store: LocalStore) {
  return router({
    /**
     * What an import is about to send: header, first rows, row count and every row at fault. A mutation
     * only so the file travels in a request body (browser mode sends queries as GET).
     */
    preview: publicProcedure
      .input(z.object({ csv: z.string().max(MAX_CSV_CHARS), maxRows: z.number().int().min(1).max(100).default(10) }))
      .mutation(({ input }) => previewBandCsv(input.csv, input.maxRows)),
    /** Every band of the event that matches the list's search and status, as CSV. */
    export: publicProcedure
      .input(
        z.object({ eventId: z.uuid(), search: z.string().trim().max(64).optional(), status: BandStatus.optional() }),
      )
      .query(async ({ input }) => {
        const bands: DeskBand[] = [];
        for (let offset = 0; ; offset += EXPORT_PAGE) {
          const page = await store.bands(input.eventId, { ...input, limit: EXPORT_PAGE, offset });
          for (const b of page.bands) bands.push({ ...b, ticketCode: b.attendeeTicketCode });
          if (page.bands.length < EXPORT_PAGE) break;
        }
        return { filename: `bands-${input.eventId}.csv`, csv: deskBandsToCsv(bands) };
      }),
  });
}
