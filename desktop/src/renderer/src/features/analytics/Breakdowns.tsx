import type { BreakdownDimension } from '@sparkmotion/shared/schemas/analytics.schema';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { useTRPC } from '../../trpc.ts';

const SHOWN = 8;

/** The event's taps by country, device, OS, browser, bot or link preview, trust verdict and hour of day. */
export function Breakdowns(props: { scope: { orgId: string; eventId: string }; enabled: boolean }) {
  const { t } = useTranslation();
  const titles: Record<BreakdownDimension, string> = {
    country: t('analytics.dimension.country'),
    deviceType: t('analytics.dimension.deviceType'),
    os: t('analytics.dimension.os'),
    browser: t('analytics.dimension.browser'),
    bot: t('analytics.dimension.bot'),
    trust: t('analytics.dimension.trust'),
    hourOfDay: t('analytics.dimension.hourOfDay'),
  };
  return (
    <div className="grid3">
      {(Object.keys(titles) as BreakdownDimension[]).map((dimension) => (
        <BreakdownCard key={dimension} dimension={dimension} title={titles[dimension]} {...props} />
      ))}
    </div>
  );
}

function BreakdownCard(props: {
  dimension: BreakdownDimension;
  title: string;
  scope: { orgId: string; eventId: string };
  enabled: boolean;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const trpc = useTRPC();
  const breakdown = useQuery({
    ...trpc.cloud.analytics.breakdown.queryOptions({ ...props.scope, dimension: props.dimension }),
    enabled: props.enabled,
    refetchInterval: 30_000,
  });
  const rows = breakdown.data?.rows ?? [];
  const hours = props.dimension === 'hourOfDay';
  const shown = hours ? rows : rows.slice(0, SHOWN);
  const most = Math.max(1, ...shown.map((row) => row.taps));
  const regions = new Intl.DisplayNames([i18n.language], { type: 'region' });
  const label = (value: string | null) => {
    if (value === null) return props.dimension === 'trust' ? t('analytics.notClassified') : t('analytics.unknown');
    if (hours) return `${value.padStart(2, '0')}:00`;
    if (props.dimension === 'country') return regions.of(value) ?? value;
    return value;
  };
  return (
    <div className="card breakdown" data-testid={`breakdown-${props.dimension}`}>
      <h3>{props.title}</h3>
      {breakdown.data && rows.length === 0 && <span className="muted">{t('analytics.noTapsYet')}</span>}
      <table>
        <tbody>
          {shown.map((row) => (
            <tr key={row.value ?? ''}>
              <td>{label(row.value)}</td>
              <td className="bar" aria-hidden="true">
                <span style={{ width: `${(100 * row.taps) / most}%` }} />
              </td>
              <td className="num">{format.number(row.taps)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length < rows.length && (
        <span className="muted">{t('analytics.more', { count: rows.length - shown.length })}</span>
      )}
    </div>
  );
}
