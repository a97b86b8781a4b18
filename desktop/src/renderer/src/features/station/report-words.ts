import type { TFunction } from 'i18next';
import { en } from '../../i18n/en.ts';
import type { StationReport } from '../../store/station-slice.ts';

/** Failures whose English message holds what only IT can use (a tag's status word, the store's error). */
const FOR_IT = new Set<string>(['TAG_ERROR', 'REGISTRY_FAILED']);

/**
 * A station's report in the desk's language. `details` is the station's own English message, under
 * "Details for IT", for a failure whose cause only IT can read, or whose code the catalogue has no words for.
 */
export function reportWords(t: TFunction, report: StationReport): { text: string; details: string | null } {
  const done = (key: string, params: Record<string, unknown>) => ({
    text: t(`stationOutcome.done.${key}`, params),
    details: null,
  });
  switch (report.kind) {
    case 'TAG':
      return { text: t('stationOutcome.tag', { uid: report.uid }), details: null };
    case 'ENCODED':
      return done('ENCODED', { bandId: report.bandId, context: report.locked ? 'locked' : undefined });
    case 'REPLACED':
    case 'ALREADY_ENCODED':
    case 'REASSIGNED':
      return done(report.kind, report);
    case 'VERIFIED':
      return done('VERIFIED', { bandId: report.bandId, event: report.eventId.slice(0, 8) });
    case 'VERIFIED_TAG':
      return done('VERIFIED', { uid: report.uid, uri: report.uri, context: report.uri ? 'foreign' : 'blank' });
    case 'FAILED': {
      const { code, message, uid, pendingBandId, replacedBy } = report.failure;
      if (!(code in en.stationOutcome.failed)) return { text: t('stationOutcome.failedUnknown'), details: message };
      const bandId = report.failure.bandId ?? report.failure.existing?.bandId;
      return {
        // `_pending` (a half-written band) or `_band` (the band named), else the plain words.
        text: t(`stationOutcome.failed.${code}`, {
          uid,
          bandId,
          replacedBy,
          context: pendingBandId ? 'pending' : bandId ? 'band' : undefined,
        }),
        details: FOR_IT.has(code) ? message : null,
      };
    }
  }
}
