import type { BandListError } from '@sparkmotion/shared/bands/band-csv';
import type { TFunction } from 'i18next';
import { detailErrorsOf, errorCodeOf } from '../../trpc.ts';

/** The lines of a bulk list the desk refused (BAD_INPUT with `details.errors` from `parseBandList`), else null. */
export function bulkListErrorsOf(error: unknown): BandListError[] | null {
  const errors = detailErrorsOf(error);
  const fromList = errors.length > 0 && errors.every((e) => typeof (e as BandListError).problem === 'string');
  return errorCodeOf(error) === 'BAD_INPUT' && fromList ? (errors as BandListError[]) : null;
}

/** One refused line in the desk's language, its numbers in the desk's locale. */
export function bulkListErrorWords(t: TFunction, error: BandListError, number: (n: number) => string): string {
  if (error.problem === 'EMPTY') return t('bulkList.EMPTY');
  const line = number(error.line);
  if (error.problem === 'REPEATS') {
    return t('bulkList.REPEATS', { line, bandId: error.bandId, repeatsLine: number(error.repeatsLine) });
  }
  return t(`bulkList.${error.problem}`, { line, value: error.problem === 'NOT_A_BAND_ID' ? error.value : undefined });
}
