import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessageOf, useTRPC } from '../../trpc.ts';

/**
 * CSV import: pick a file, see the first rows and the rows at fault (read by the desk's main process with
 * the same parser and schema the cloud uses), import. The cloud imports all or nothing and answers with
 * every row at fault, shown here by line number.
 */
export function ImportPanel(props: { orgId: string; eventId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const previewCsv = useMutation(trpc.bandCsv.preview.mutationOptions());
  const preview = previewCsv.data ?? { header: [], rows: [], total: 0, errors: [] };
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
            const text = file ? await file.text() : '';
            setCsv(text);
            previewCsv.mutate({ csv: text });
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
              {preview.errors.length} row{preview.errors.length === 1 ? '' : 's'} to fix before the import can go
              through:
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
              Import {preview.total} band{preview.total === 1 ? '' : 's'}
            </button>
          </div>
        </>
      )}
      {previewCsv.error && (
        <div className="alert error" role="alert">
          {errorMessageOf(previewCsv.error)}
        </div>
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
          <RowErrors errors={result.errors.slice(0, 50).map((e) => ({ line: e.row, message: e.message }))} />
        </div>
      )}
    </div>
  );
}

function RowErrors(props: { errors: { line: number; message: string }[] }) {
  return (
    <ul>
      {props.errors.map((e) => (
        <li key={`${e.line}-${e.message}`}>
          Line {e.line}: {e.message}
        </li>
      ))}
    </ul>
  );
}
