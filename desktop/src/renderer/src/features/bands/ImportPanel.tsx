import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { useTRPC } from '../../trpc.ts';
import { FormAlert } from '../FormErrors.tsx';
import { type RowRefusal, rowRefusalWords } from './row-refusal-words.ts';

/**
 * CSV import: pick a file, see the first rows and the rows at fault (read by the desk's main process with
 * the same parser and schema the cloud uses), import. The cloud imports all or nothing and answers with
 * every row at fault, shown here by line number.
 */
export function ImportPanel(props: { orgId: string; eventId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const previewCsv = useMutation(trpc.bandCsv.preview.mutationOptions());
  const preview = previewCsv.data ?? { header: [], rows: [], total: 0, errors: [] };
  const importCsv = useMutation(trpc.cloud.bands.importCsv.mutationOptions());
  const result = importCsv.data;

  return (
    <div className="card">
      <div className="row">
        <h2 className="grow">{t('import.title')}</h2>
        <button type="button" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        {t('import.columns')} <code className="mono">bandId, uid, attendeeName, attendeeEmail, ticketCode</code>.{' '}
        {t('import.allOrNothing')}
      </p>
      <label>
        {t('import.file')}
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            importCsv.reset();
            setFileName(file?.name ?? '');
            const text = file ? await file.text() : '';
            setCsv(text);
            previewCsv.mutate({ csv: text });
          }}
        />
      </label>
      {preview.total > 0 && (
        <>
          <div className="muted">
            {t('import.rows', { count: preview.total, file: fileName })}
            {preview.total > preview.rows.length ? t('import.firstShown', { shown: preview.rows.length }) : ''}
          </div>
          <div className="table-card" style={{ border: '1px solid var(--line)', borderRadius: 8 }}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('import.line')}</th>
                  {preview.header.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.line}>
                    <td className="muted">{row.line}</td>
                    {preview.header.map((h, j) => (
                      <td key={h} className="mono">
                        {row.cells[j] ?? ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.errors.length > 0 && (
            <div className="muted" data-testid="import-preview-errors">
              {t('import.toFix', { count: preview.errors.length })}
              <RowErrors errors={preview.errors.slice(0, 20)} />
            </div>
          )}
          <div className="row end">
            <button
              type="button"
              className="primary"
              disabled={importCsv.isPending}
              onClick={() => importCsv.mutate({ orgId: props.orgId, eventId: props.eventId, csv })}
            >
              {t('import.submit', { count: preview.total })}
            </button>
          </div>
        </>
      )}
      <FormAlert error={previewCsv.error ?? importCsv.error} />
      {result && result.errors.length === 0 && (
        <div className="alert ok" role="status">
          {t('import.done', { count: result.imported })}
        </div>
      )}
      {result && result.errors.length > 0 && (
        <div className="alert error" role="alert">
          {t('import.refused', { count: result.errors.length })}
          <RowErrors errors={result.errors.slice(0, 50).map(({ row, ...refusal }) => ({ ...refusal, line: row }))} />
        </div>
      )}
    </div>
  );
}

function RowErrors(props: { errors: RowRefusal[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ul>
      {props.errors.map((e) => (
        <li key={`${e.line}-${e.message}`}>
          {t('import.lineError', { line: format.number(e.line), message: rowRefusalWords(t, e, format.number) })}
        </li>
      ))}
    </ul>
  );
}
