import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { FormAlert, TextField } from '../FormErrors.tsx';
import { matchesSearch } from '../matches-search.ts';
import { SearchBox } from '../SearchBox.tsx';

const roles = ['OWNER', 'EDITOR', 'VIEWER'] as const;
type Role = (typeof roles)[number];

/**
 * Who works in the organization: members and their roles, invitations (a link to hand over, no mail server
 * needed) and the pending ones. Changes need the OWNER role; the cloud keeps the last OWNER.
 */
export function TeamScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const orgId = useConsole((s) => s.orgId);
  const orgs = useQuery(trpc.store.organizations.queryOptions());
  const role = orgs.data?.find((o) => o.id === orgId)?.role;
  const [search, setSearch] = useState('');
  if (!orgId) return <div className="card empty">{t('team.pickOrg')}</div>;
  const owner = role === 'OWNER';
  return (
    <div className="stack">
      <div className="row end">
        <SearchBox list="team" value={search} onChange={setSearch} />
      </div>
      <Members orgId={orgId} owner={owner} search={search} />
      {owner ? <Invitations orgId={orgId} search={search} /> : <div className="card muted">{t('team.ownersOnly')}</div>}
    </div>
  );
}

function Members({ orgId, owner, search }: { orgId: string; owner: boolean; search: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.orgs.members.queryOptions({ orgId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.orgs.members.queryKey({ orgId }) });
  const changeRole = useMutation(trpc.orgs.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.orgs.removeMember.mutationOptions({ onSettled: refresh }));
  const [removing, setRemoving] = useState<{ userId: string; name: string } | null>(null);

  return (
    <div className="card table-card">
      <h2>{t('team.members')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('team.name')}</th>
            <th scope="col">{t('team.email')}</th>
            <th scope="col">{t('team.role')}</th>
            <th scope="col">{t('team.since')}</th>
            <th scope="col">
              <span className="sr-only">{t('team.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.data
            ?.filter((m) => matchesSearch(search, [m.name, m.email]))
            .map((m) => (
              <tr key={m.userId} data-testid="member-row">
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>
                  {owner ? (
                    <select
                      aria-label={t('team.roleOf', { name: m.name })}
                      value={m.role}
                      onChange={(e) => changeRole.mutate({ orgId, userId: m.userId, role: e.target.value as Role })}
                    >
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {t(`team.roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`team.roles.${m.role}`)
                  )}
                </td>
                <td>{format.date(m.since)}</td>
                <td>
                  {owner && (
                    <button
                      type="button"
                      className="small danger"
                      onClick={() => setRemoving({ userId: m.userId, name: m.name })}
                    >
                      {t('team.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      <FormAlert error={changeRole.error ?? remove.error} />
      <ConfirmDialog
        open={removing !== null}
        title={t('team.removeTitle', { name: removing?.name ?? '' })}
        cancelLabel={t('team.keep')}
        confirmLabel={t('team.remove')}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate({ orgId, userId: removing.userId });
          setRemoving(null);
        }}
      >
        <p>{t('team.removeBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

function Invitations({ orgId, search }: { orgId: string; search: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const pending = useQuery(trpc.orgs.invitations.queryOptions({ orgId }));
  const shown = pending.data?.filter((i) => matchesSearch(search, [i.email]));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.orgs.invitations.queryKey({ orgId }) });
  const invite = useMutation(trpc.orgs.invite.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.orgs.revokeInvite.mutationOptions({ onSettled: refresh }));
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('EDITOR');
  const [copied, setCopied] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCopied(false);
    invite.mutate({ orgId, email, role });
  };
  const copy = async (link: string) => {
    await navigator.clipboard.writeText(link).catch(() => {});
    setCopied(true);
  };

  return (
    <div className="grid2" style={{ alignItems: 'start' }}>
      <form className="card" onSubmit={submit} noValidate>
        <h2>{t('team.invite')}</h2>
        <TextField
          label={t('team.email')}
          name="email"
          type="email"
          value={email}
          onChange={setEmail}
          error={invite.error}
        />
        <label>
          {t('team.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`team.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <FormAlert error={invite.error} />
        <button type="submit" className="primary" disabled={invite.isPending}>
          {t('team.sendInvite')}
        </button>
        {invite.data && (
          <div className="alert ok" data-testid="invitation-link">
            <label>
              {t('team.linkFor', { email: invite.data.email })}
              <input readOnly value={invite.data.link} onFocus={(e) => e.target.select()} />
            </label>
            <div className="row">
              <button type="button" className="small" onClick={() => copy(invite.data.link)}>
                {t('team.copy')}
              </button>
              <span role="status">{copied ? t('team.copied') : ''}</span>
            </div>
            <small>{t('team.linkHint', { date: format.dateTime(invite.data.expiresAt) })}</small>
          </div>
        )}
      </form>
      <div className="card table-card">
        <h2>{t('team.pending')}</h2>
        {shown?.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('team.email')}</th>
                <th scope="col">{t('team.role')}</th>
                <th scope="col">{t('team.expires')}</th>
                <th scope="col">
                  <span className="sr-only">{t('team.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((i) => (
                <tr key={i.invitationId} data-testid="invitation-row">
                  <td>{i.email}</td>
                  <td>{t(`team.roles.${i.role}`)}</td>
                  <td>{format.dateTime(i.expiresAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="small danger"
                      onClick={() => revoke.mutate({ orgId, invitationId: i.invitationId })}
                    >
                      {t('team.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <div className="empty">{t('team.noPending')}</div>
        )}
        <FormAlert error={revoke.error} />
      </div>
    </div>
  );
}
