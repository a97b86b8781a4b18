import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorMessageOf, useTRPC } from '../../trpc.ts';
import { previewCsv } from './csv-preview.ts';

/**
 * CSV import: pick a file, see the first rows, import. The cloud imports all or nothing and answers with
 * every row at fault, shown here by line number.
 */
export function ImportPanel(props: { orgId: string; eventId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const preview = useMemo(() => previewCsv(csv), [csv]);
  const importCsv = useMutation(trpc.cloud.bands.importCsv.mutationOptions());
  const result = importCsv.data;

  return (
    <div className="card">
      <div className="row">
        <h2 className="grow">Import bands from CSV</h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Columns (all optional): <span className="mono">bandId, uid, attendeeName, attendeeEmail, ticketCode</span>. A
        file with any bad row imports nothing.
      </p>
      <label>
        CSV file
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            importCsv.reset();
            setFileName(file?.name ?? '');
            setCsv(file ? await file.text() : '');
          }}
        />
      </label>
      {preview.total > 0 && (
        <>
          <div className="muted">
            {fileName}: {preview.total} row{preview.total === 1 ? '' : 's'}
            {preview.total > preview.rows.length ? `, the first ${preview.rows.length} shown` : ''}
          </div>
          <div className="table-card" style={{ border: '1px solid var(--line)', borderRadius: 8 }}>
            <table>
              <thead>
                <tr>
                  <th>Line</th>
                  {preview.header.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity but their line
                  <tr key={i}>
                    <td className="muted">{i + 2}</td>
                    {preview.header.map((h, j) => (
                      <td key={h} className="mono">
                        {row[j] ?? ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="row end">
            <button
              type="button"
              className="primary"
              disabled={importCsv.isPending}
              onClick={() => importCsv.mutate({ orgId: props.orgId, eventId: props.eventId, csv })}
            >
              Import {preview.total} band{preview.total === 1 ? '' : 's'}
            </button>
          </div>
        </>
      )}
      {importCsv.error && (
        <div className="alert error" role="alert">
          {errorMessageOf(importCsv.error)}
        </div>
      )}
      {result && result.errors.length === 0 && (
        <div className="alert ok" role="status">
          Imported {result.imported} band{result.imported === 1 ? '' : 's'}.
        </div>
      )}
      {result && result.errors.length > 0 && (
        <div className="alert error" role="alert">
          Nothing imported: {result.errors.length} row{result.errors.length === 1 ? '' : 's'} to fix.
          <ul>
            {result.errors.slice(0, 50).map((e) => (
              <li key={`${e.row}-${e.message}`}>
                Line {e.row}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
