import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { errorMessageOf, useTRPC } from '../../trpc.ts';

const PAGE = 5_000;

/**
 * Every raw tap of the event as one CSV file, fetched a page at a time with a progress bar (the first
 * page says how many taps there are). Pages are not cached: a festival's taps are hundreds of MB.
 */
export function TapExport(props: { scope: { orgId: string; eventId: string } }) {
  const { t } = useTranslation();
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const fetchPage = (cursor: string | null) =>
    queryClient.fetchQuery({
      ...trpc.cloud.analytics.exportCsv.queryOptions({ ...props.scope, cursor, limit: PAGE }),
      staleTime: 0,
      gcTime: 0,
    });

  const run = async () => {
    setMessage(null);
    const parts: string[] = [];
    let done = 0;
    let total = 0;
    let cursor: string | null = null;
    setProgress({ done, total });
    try {
      do {
        const page = await fetchPage(cursor);
        if (page.total !== null) total = page.total;
        parts.push(page.csv);
        done += page.rows;
        setProgress({ done, total: Math.max(total, done) });
        cursor = page.nextCursor;
      } while (cursor);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }));
      link.download = `taps-${props.scope.eventId}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
      setMessage(t('analytics.exported', { count: done }));
    } catch (error) {
      setMessage(t('analytics.exportFailed', { message: errorMessageOf(error) }));
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="row">
      <button type="button" onClick={run} disabled={progress !== null}>
        {t('analytics.export')}
      </button>
      {progress && (
        <>
          <progress max={progress.total || 1} value={progress.done} aria-label={t('analytics.exportProgress')} />
          <span className="muted">
            {t('analytics.exporting', { done: format.number(progress.done), total: format.number(progress.total) })}
          </span>
        </>
      )}
      {message && (
        <span className="muted" data-testid="tap-export-message">
          {message}
        </span>
      )}
    </div>
  );
}
