/**
 * Registering bands, one or many: validates a batch against itself and the database, then writes it in one
 * unit of work. Every problem is reported per row, so a form or a CSV import can show them all at once.
 */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hasAttendee } from '@sparkmotion/shared/bands/attendee-privacy';
import type { BandCsvProblem } from '@sparkmotion/shared/bands/band-csv';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { bandIdMintedFor, orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import type { ErrorCode } from '@sparkmotion/shared/errors';
import type { Attendee } from '@sparkmotion/shared/schemas/bands.schema';
import { Band } from './band.entity.ts';
import { BandAttendee } from './band-attendee.entity.ts';

export interface BandDraft {
  bandId?: string | undefined;
  uid?: string | null | undefined;
  stationId?: string | null | undefined;
  registeredAt?: Date | undefined;
  attendee?: Attendee | null | undefined;
  /** How the band proves its taps (docs/tap-trust.md); NONE when absent. */
  trust?: 'NONE' | 'NTAG21X_MIRROR' | 'NTAG424_SUN' | undefined;
  /** The version of the organization's secret its keys derive from; 1 when absent. */
  secretVersion?: number | undefined;
}

/**
 * A row of a batch the cloud refuses, with what a console needs to say why in its own language: the code,
 * the column at fault and the row it repeats (a CSV's problem, for BAD_INPUT). `message` is the English.
 */
export interface RowError {
  /** 0-based index in the batch (a CSV import adds its header/line offset). */
  row: number;
  code: ErrorCode;
  message: string;
  column?: 'bandId' | 'uid';
  /** BAND_ALREADY_REGISTERED within the batch: the row it repeats (indexed as `row`). */
  repeats?: number;
  problem?: BandCsvProblem;
}

export const newBandId = (orgId: string): string => mintBandId(orgBandTag(orgId), (n) => randomBytes(n));

/**
 * Legacy ids (minted before ids named their organization) are refused, except from a desk's outbox
 * (`acceptLegacy`), which may still hold ids it minted before the upgrade.
 */
export interface CheckOptions {
  /** Bands (by row id) whose uid may be reused, e.g. the lost band a replacement takes the tag of. */
  uidReusableFrom?: readonly string[];
  acceptLegacy?: boolean;
}

/** Finds the problems of a batch without writing anything. */
export async function checkBands(
  em: EntityManager,
  orgId: string,
  drafts: readonly BandDraft[],
  { uidReusableFrom = [], acceptLegacy = false }: CheckOptions = {},
): Promise<RowError[]> {
  const errors: RowError[] = [];
  const seenIds = new Map<string, number>();
  const seenUids = new Map<string, number>();
  drafts.forEach((draft, row) => {
    if (draft.bandId) {
      const mintedHere = bandIdMintedFor(draft.bandId, orgId);
      if (mintedHere === false || (mintedHere === null && !acceptLegacy)) {
        // Checked before "taken": an id of another organization is refused whether or not it is registered.
        errors.push({
          row,
          code: 'BAND_ID_FOREIGN',
          column: 'bandId',
          message: 'bandId was not minted for this organization',
        });
      } else if (seenIds.has(draft.bandId)) {
        const repeats = seenIds.get(draft.bandId)!;
        errors.push({
          row,
          code: 'BAND_ALREADY_REGISTERED',
          column: 'bandId',
          repeats,
          message: `bandId repeats row ${repeats}`,
        });
      } else seenIds.set(draft.bandId, row);
    }
    if (draft.uid) {
      if (seenUids.has(draft.uid)) {
        const repeats = seenUids.get(draft.uid)!;
        errors.push({
          row,
          code: 'BAND_ALREADY_REGISTERED',
          column: 'uid',
          repeats,
          message: `uid repeats row ${repeats}`,
        });
      } else seenUids.set(draft.uid, row);
    }
  });
  if (seenIds.size) {
    // bandIds are unique platform-wide; the message does not say in which organization.
    const taken = await em.find(Band, { bandId: { $in: [...seenIds.keys()] } }, { fields: ['bandId'] });
    for (const band of taken) {
      errors.push({
        row: seenIds.get(band.bandId)!,
        code: 'BAND_ALREADY_REGISTERED',
        column: 'bandId',
        message: 'bandId is taken',
      });
    }
  }
  if (seenUids.size) {
    const taken = await em.find(
      Band,
      {
        org: orgId,
        uid: { $in: [...seenUids.keys()] },
        status: { $ne: 'LOST' },
        ...(uidReusableFrom.length ? { id: { $nin: [...uidReusableFrom] } } : {}),
      },
      { fields: ['uid', 'bandId'] },
    );
    for (const band of taken) {
      errors.push({
        row: seenUids.get(band.uid!)!,
        code: 'BAND_ALREADY_REGISTERED',
        column: 'uid',
        message: `uid is already band ${band.bandId}`,
      });
    }
  }
  return errors.sort((a, b) => a.row - b.row);
}

/** Adds the bands (and their attendee links) to the unit of work; the caller checks first and flushes. */
export function createBands(
  em: EntityManager,
  input: { orgId: string; eventId: string; userId: string | null; now: Date },
  drafts: readonly BandDraft[],
): Band[] {
  return drafts.map((draft) => {
    const band = em.create(Band, {
      org: input.orgId,
      event: input.eventId,
      bandId: draft.bandId ?? newBandId(input.orgId),
      uid: draft.uid ?? null,
      status: 'ACTIVE',
      registeredAt: draft.registeredAt ?? input.now,
      registeredBy: input.userId,
      stationId: draft.stationId ?? null,
      trust: draft.trust ?? 'NONE',
      secretVersion: draft.secretVersion ?? null,
    });
    if (draft.attendee && hasAttendee(draft.attendee)) {
      em.create(BandAttendee, {
        org: input.orgId,
        band: band.id,
        name: draft.attendee.name ?? null,
        email: draft.attendee.email ?? null,
        ticketCode: draft.attendee.ticketCode ?? null,
      });
    }
    return band;
  });
}
