import type { BandListError } from '@sparkmotion/shared/bands/band-csv';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { bulkListErrorWords } from './bulk-list-refusal.ts';

/** A bulk list the station did not start, with every line to fix (the first 20) in the desk's language. */
export function BulkListRefused({ errors }: { errors: BandListError[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="alert error" role="alert">
      {t('bulkList.refused')}
      <ul>
        {errors.slice(0, 20).map((error) => (
          <li key={error.message}>{bulkListErrorWords(t, error, format.number)}</li>
        ))}
      </ul>
    </div>
  );
}
