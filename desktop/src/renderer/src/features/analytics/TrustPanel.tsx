import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.ts';

/** How each kind of band proves its taps (docs/tap-trust.md), in the desk's words. */
export const PROOF: Record<string, string> = {
  NONE: '—',
  NTAG21X_MIRROR: 'UID mirror',
  NTAG424_SUN: 'Secure (424 SUN)',
};

/**
 * Tap trust of one event, from the cloud: taps per verdict, then the bands with replayed or copied taps,
 * each with its proof kind (a 424 band's copies cannot forge its SUN) and the reasons the cloud gave.
 */
export function TrustPanel(props: { scope: { orgId: string; eventId: string } }) {
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.cloud.analytics.trustSummary.queryOptions(props.scope), refetchInterval: 5_000 });
  const suspicious = useQuery({
    ...trpc.cloud.analytics.suspiciousBands.queryOptions(props.scope),
    refetchInterval: 15_000,
  });
  const verdicts = summary.data?.byVerdict;
  return (
    <div className="card table-card" data-testid="trust-panel">
      <div className="row">
        <h2 className="grow">Tap trust</h2>
        {verdicts &&
          Object.entries(verdicts).map(([verdict, taps]) => (
            <span key={verdict} className="pill">
              {verdict} {taps}
            </span>
          ))}
      </div>
      {suspicious.data?.length ? (
        <table>
          <thead>
            <tr>
              <th>Band id</th>
              <th>Proof</th>
              <th>Replayed</th>
              <th>Copied</th>
              <th>Genuine</th>
              <th>Reasons</th>
            </tr>
          </thead>
          <tbody>
            {suspicious.data.map((b) => (
              <tr key={b.bandId} data-testid="suspicious-band">
                <td className="mono">{b.bandId}</td>
                <td>{PROOF[b.trust ?? 'NONE'] ?? b.trust}</td>
                <td>{b.replayed}</td>
                <td>{b.copied}</td>
                <td>{b.genuine}</td>
                <td className="mono">{b.reasons.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="empty">No replayed or copied tap.</div>
      )}
    </div>
  );
}
