import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplaceReceipt } from '../../store/station-slice.ts';
import { useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';

/** Matches shown at once: the desk lead is after one band, not a list. */
const MATCHES = 8;

/**
 * Lost & replace, step one: find the lost band in the desk's local store (works offline) by its id, tag UID
 * or attendee, and confirm, since replacing marks it LOST. A band sent from the Bands screen comes
 * `preselected`: found already, the question asked at once. `onPick` then puts the station in REPLACE mode.
 */
export function ReplaceLostBand(props: {
  eventId: string;
  preselected?: string | null;
  onPick: (lostBandId: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [search, setSearch] = useState(props.preselected ?? '');
  const [asking, setAsking] = useState<string | null>(props.preselected ?? null);
  const term = useDeferredValue(search.trim());
  const bands = useQuery({
    ...trpc.store.bands.queryOptions({ eventId: props.eventId, search: term, limit: MATCHES }),
    enabled: term.length >= 2,
  });
  return (
    // The station's shortcuts (E, V, R, I, Enter, Esc) stay out of the picker: it takes its own keys.
    <section className="card stack" data-own-keys aria-label={t('replace.title')} data-testid="replace-picker">
      <div className="row">
        <strong className="grow">{t('replace.title')}</strong>
        <button type="button" className="small" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
      <input
        type="search"
        aria-label={t('replace.search')}
        placeholder={t('replace.searchHint')}
        value={search}
        maxLength={64}
        // biome-ignore lint/a11y/noAutofocus: the picker was opened to type into it
        autoFocus
        onChange={(e) => setSearch(e.target.value)}
      />
      {term.length < 2 ? (
        <small className="muted">{t('replace.typeMore')}</small>
      ) : bands.data?.bands.length === 0 ? (
        <small className="muted">{t('replace.none')}</small>
      ) : (
        <ul className="matches">
          {bands.data?.bands.map((b) => (
            <li key={b.bandId}>
              <button
                type="button"
                className="small"
                disabled={!!b.replacedBy}
                onClick={() => setAsking(b.bandId)}
                data-testid="replace-match"
              >
                <span className="mono">{b.bandId}</span> · <span className="mono">{b.uid ?? '—'}</span> ·{' '}
                {t(`bands.status.${b.status}`)}
                {b.attendee &&
                  ` · ${[b.attendee.name, b.attendee.ticketCode].filter(Boolean).join(', ') || b.attendee.email}`}
                {b.replacedBy && ` · ${t('replace.replacedAlready', { bandId: b.replacedBy })}`}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={t('replace.confirmTitle', { bandId: asking })}
        cancelLabel={t('replace.keep')}
        confirmLabel={t('replace.confirm')}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (asking) props.onPick(asking);
          setAsking(null);
        }}
      >
        <p>{t('replace.confirmBody', { bandId: asking })}</p>
      </ConfirmDialog>
    </section>
  );
}

/** The station waiting for the blank band, with a way out that leaves the lost band as it is. */
export function ReplaceWaiting(props: { lostBandId: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="alert warn row" data-testid="replace-waiting">
      <strong className="grow">{t('replace.tapBlank', { bandId: props.lostBandId })}</strong>
      <button type="button" className="small" onClick={props.onCancel}>
        {t('replace.cancel')}
      </button>
    </div>
  );
}

/** The one receipt of a replacement: what the desk tells the attendee and notes down. */
export function ReplaceReceiptCard({ receipt }: { receipt: ReplaceReceipt }) {
  const { t } = useTranslation();
  return (
    <div className="alert ok" data-testid="replace-receipt">
      <strong>{t('replace.receiptTitle', { bandId: receipt.lostBandId })}</strong>
      <dl className="receipt">
        <dt>{t('replace.newBand')}</dt>
        <dd className="mono">{receipt.bandId}</dd>
        <dt>{t('replace.tagUid')}</dt>
        <dd className="mono">{receipt.uid}</dd>
        <dt>{t('replace.attendee')}</dt>
        <dd>{receipt.attendeeName ?? t('replace.noAttendee')}</dd>
      </dl>
    </div>
  );
}
