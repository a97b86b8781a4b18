import { type AuditEntity, ORG_AUDIT_ENTITIES } from '@sparkmotion/shared/schemas/audit.schema';
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { FormAlert } from '../FormErrors.tsx';
import { SearchBox } from '../SearchBox.tsx';
import { auditDiff } from './audit-diff.ts';

const PAGE = 10;

/** Who changed what and when, before and after; filtered by entity and person, a page at a time (OWNER only). */
export function AuditScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const format = useFormat();
  const orgId = useConsole((s) => s.orgId);
  const [entity, setEntity] = useState<AuditEntity | ''>('');
  const [actorId, setActorId] = useState('');
  // The log is paged by the cloud: the search is its `entityId` filter (a band id, an event id), exact.
  const [entityId, setEntityId] = useState('');
  const searched = useDeferredValue(entityId.trim());
  // The cursors of the pages before this one, so "Newer" goes back the way "Older" came.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const members = useQuery({ ...trpc.orgs.members.queryOptions({ orgId: orgId ?? '' }), enabled: !!orgId });
  const page = useQuery({
    ...trpc.orgs.audit.queryOptions({
      orgId: orgId ?? '',
      limit: PAGE,
      cursor,
      ...(entity ? { entity } : {}),
      ...(actorId ? { actorId } : {}),
      ...(searched ? { entityId: searched } : {}),
    }),
    enabled: !!orgId,
  });
  if (!orgId) return <div className="card empty">{t('team.pickOrg')}</div>;
  const names = new Map(members.data?.map((m) => [m.userId, m.name]));
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setCursors([null]);
    };

  return (
    <div className="stack">
      <div className="row">
        <label className="inline">
          {t('audit.entity')}
          <select
            style={{ width: 'auto' }}
            value={entity}
            onChange={(e) => filter(setEntity)(e.target.value as AuditEntity | '')}
          >
            <option value="">{t('audit.all')}</option>
            {ORG_AUDIT_ENTITIES.map((e) => (
              <option key={e} value={e}>
                {t(`audit.entities.${e}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {t('audit.person')}
          <select style={{ width: 'auto' }} value={actorId} onChange={(e) => filter(setActorId)(e.target.value)}>
            <option value="">{t('audit.everyone')}</option>
            {members.data?.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <span className="grow" />
        <SearchBox list="audit" value={entityId} maxLength={64} onChange={filter(setEntityId)} />
      </div>
      <FormAlert error={page.error} />
      <div className="card table-card">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.change')}</th>
            </tr>
          </thead>
          <tbody>
            {page.data?.items.map((entry) => (
              <tr key={entry.id} data-testid="audit-row">
                <td>{format.dateTime(entry.createdAt)}</td>
                <td>{entry.actorId ? (names.get(entry.actorId) ?? t('audit.formerMember')) : t('audit.system')}</td>
                <td>
                  <strong>{entry.action}</strong>
                  <br />
                  <small className="muted mono">{entry.entityId}</small>
                </td>
                <td>
                  <dl className="diff">
                    {auditDiff(entry.before, entry.after).map((c) => (
                      <div key={c.field}>
                        <dt>{c.field}</dt>
                        <dd>
                          {c.before !== null && <del>{c.before}</del>}
                          {c.before !== null && c.after !== null && ' → '}
                          {c.after !== null && <ins>{c.after}</ins>}
                        </dd>
                      </div>
                    ))}
                  </dl>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.data?.items.length === 0 && <div className="empty">{t('audit.none')}</div>}
      </div>
      <div className="row end">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('audit.newer')}
        </button>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => setCursors((c) => [...c, page.data?.nextCursor ?? null])}
        >
          {t('audit.older')}
        </button>
      </div>
    </div>
  );
}
