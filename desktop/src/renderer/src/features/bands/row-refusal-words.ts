import type { BandCsvError } from '@sparkmotion/shared/bands/band-csv';
import type { ErrorCode } from '@sparkmotion/shared/errors';
import type { TFunction } from 'i18next';
import { wordsForCode } from '../FormErrors.tsx';

/**
 * A row of a band import at fault: from the desk's preview (its problem) or the cloud's import (its code,
 * the column refused and the line it repeats, or the problem for BAD_INPUT).
 */
export type RowRefusal = Pick<BandCsvError, 'line' | 'message'> &
  Partial<Pick<BandCsvError, 'problem'>> & { code?: ErrorCode; column?: 'bandId' | 'uid'; repeats?: number };

/** Why the row is refused, in the desk's language; the English message only for a refusal with no words. */
export function rowRefusalWords(t: TFunction, refusal: RowRefusal, number: (n: number) => string): string {
  const { problem, code, column, repeats } = refusal;
  if (problem?.kind === 'INVALID') return problem.columns.map((c) => t(`importErrors.invalid.${c}`)).join('; ');
  if (problem?.kind === 'UNKNOWN_COLUMNS') {
    return t('importErrors.unknownColumns', { columns: problem.columns.join(', ') });
  }
  if (problem?.kind === 'UNREADABLE') return t('importErrors.unreadable');
  if (code === 'BAND_ALREADY_REGISTERED' && column) {
    return repeats === undefined
      ? t(`importErrors.taken.${column}`)
      : t(`importErrors.repeats.${column}`, { line: number(repeats) });
  }
  return wordsForCode(t, code) ?? refusal.message;
}
