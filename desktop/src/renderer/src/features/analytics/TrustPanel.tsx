import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { en } from '../../i18n/en.ts';
import { useTRPC } from '../../trpc.ts';
import { ResetCounter, type ResetNotice } from './ResetCounter.tsx';

/** How a band proves its taps (docs/tap-trust.md), in the desk's words; a kind we have no words for, as is. */
export function useProofLabel(): (trust: string | null | undefined) => string {
  const { t } = useTranslation();
  return (trust) => {
    const kind = trust ?? 'NONE';
    return kind in en.analytics.proof ? t(`analytics.proof.${kind as keyof typeof en.analytics.proof}`) : kind;
  };
}

/**
 * Tap trust of one event, from the cloud: taps per verdict, then the bands with replayed or copied taps,
 * each with its proof kind (a 424 band's copies cannot forge its SUN) and the reasons the cloud gave; an
 * editor can reset a listed band's tap counter.
 */
export function TrustPanel(props: { scope: { orgId: string; eventId: string } }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const proofLabel = useProofLabel();
  const summary = useQuery({ ...trpc.cloud.analytics.trustSummary.queryOptions(props.scope), refetchInterval: 5_000 });
  const suspicious = useQuery({
    ...trpc.cloud.analytics.suspiciousBands.queryOptions(props.scope),
    refetchInterval: 15_000,
  });
  const orgs = useQuery(trpc.store.organizations.queryOptions());
  const role = orgs.data?.find((o) => o.id === props.scope.orgId)?.role;
  const canEdit = role === 'OWNER' || role === 'EDITOR';
  const [notice, setNotice] = useState<ResetNotice | null>(null);
  const verdicts = summary.data?.byVerdict;
  return (
    <div className="card table-card" data-testid="trust-panel">
      <div className="row">
        <h2 className="grow">{t('analytics.trustPanel.title')}</h2>
        {verdicts &&
          Object.entries(verdicts).map(([verdict, taps]) => (
            <span key={verdict} className="pill">
              {verdict} {taps}
            </span>
          ))}
      </div>
      {notice && (
        <div className={`alert ${notice.ok ? 'ok' : 'error'}`} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </div>
      )}
      {suspicious.data?.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('analytics.trustPanel.bandId')}</th>
              <th>{t('analytics.trustPanel.proof')}</th>
              <th>{t('analytics.trustPanel.replayed')}</th>
              <th>{t('analytics.trustPanel.copied')}</th>
              <th>{t('analytics.trustPanel.genuine')}</th>
              <th>{t('analytics.trustPanel.reasons')}</th>
              {canEdit && <th>{t('trustReset.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {suspicious.data.map((b) => (
              <tr key={b.bandId} data-testid="suspicious-band">
                <td className="mono">{b.bandId}</td>
                <td>{proofLabel(b.trust)}</td>
                <td>{b.replayed}</td>
                <td>{b.copied}</td>
                <td>{b.genuine}</td>
                <td className="mono">{b.reasons.join(', ')}</td>
                {canEdit && (
                  <td>
                    <ResetCounter orgId={props.scope.orgId} bandId={b.bandId} onDone={setNotice} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="empty">{t('analytics.trustPanel.none')}</div>
      )}
    </div>
  );
}
