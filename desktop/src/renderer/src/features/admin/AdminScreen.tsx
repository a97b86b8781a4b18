import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { useTRPC } from '../../trpc.ts';
import { FormAlert } from '../FormErrors.tsx';
import { matchesSearch } from '../matches-search.ts';
import { SearchBox } from '../SearchBox.tsx';

/** For platform admins: every organization on this cloud, and the taps on band ids nobody owns. */
export function AdminScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const format = useFormat();
  const orgs = useQuery(trpc.orgs.admin.organizations.queryOptions());
  const orphans = useQuery(trpc.orgs.admin.orphans.queryOptions({ limit: 50 }));
  const [search, setSearch] = useState('');
  return (
    <div className="stack">
      <div className="row end">
        <SearchBox list="admin" value={search} onChange={setSearch} />
      </div>
      <FormAlert error={orgs.error ?? orphans.error} />
      <div className="card table-card">
        <h2>{t('admin.organizations')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.slug')}</th>
              <th scope="col">{t('admin.created')}</th>
            </tr>
          </thead>
          <tbody>
            {orgs.data
              ?.filter((o) => matchesSearch(search, [o.name, o.slug]))
              .map((o) => (
                <tr key={o.id} data-testid="admin-org-row">
                  <td>{o.name}</td>
                  <td className="mono">{o.slug}</td>
                  <td>{format.date(o.createdAt)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <div className="card table-card">
        <h2>{t('admin.orphans')}</h2>
        <p className="muted" style={{ padding: '0 20px' }}>
          {t('admin.orphansIntro')}
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.bandId')}</th>
              <th scope="col">{t('admin.outcome')}</th>
              <th scope="col">{t('admin.taps')}</th>
              <th scope="col">{t('admin.lastTap', { zone: format.zone })}</th>
            </tr>
          </thead>
          <tbody>
            {orphans.data
              ?.filter((o) => matchesSearch(search, [o.bandId]))
              .map((o) => (
                <tr key={`${o.bandId}-${o.outcome}`} data-testid="admin-orphan-row">
                  <td className="mono">{o.bandId}</td>
                  <td>{o.outcome}</td>
                  <td>{format.number(o.taps)}</td>
                  <td>{format.dateTime(o.lastTapAt)}</td>
                </tr>
              ))}
          </tbody>
        </table>
        {orphans.data?.length === 0 && <div className="empty">{t('admin.noOrphans')}</div>}
      </div>
    </div>
  );
}
