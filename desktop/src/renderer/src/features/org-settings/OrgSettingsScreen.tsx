import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { FormAlert } from '../FormErrors.tsx';

const ipModes = ['FULL', 'ANONYMIZED', 'NONE'] as const;
type IpMode = (typeof ipModes)[number];

/** The organization's privacy rules for taps: what is kept of attendees' IPs, and for how long (OWNER changes). */
export function OrgSettingsScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const orgId = useConsole((s) => s.orgId);
  const orgs = useQuery(trpc.store.organizations.queryOptions());
  const owner = orgs.data?.find((o) => o.id === orgId)?.role === 'OWNER';
  const privacy = useQuery({ ...trpc.orgs.privacy.queryOptions({ orgId: orgId ?? '' }), enabled: !!orgId });
  const save = useMutation(
    trpc.orgs.setPrivacy.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.orgs.privacy.queryKey({ orgId: orgId ?? '' }) }),
    }),
  );
  const [ipMode, setIpMode] = useState<IpMode>('ANONYMIZED');
  const [retentionDays, setRetentionDays] = useState(30);
  const [rawRetentionDays, setRawRetentionDays] = useState(365);
  useEffect(() => {
    if (!privacy.data) return;
    setIpMode(privacy.data.ipMode);
    setRetentionDays(privacy.data.retentionDays);
    setRawRetentionDays(privacy.data.rawRetentionDays);
  }, [privacy.data]);
  if (!orgId) return <div className="card empty">{t('team.pickOrg')}</div>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ orgId, ipMode, retentionDays, rawRetentionDays });
  };

  return (
    <form className="card narrow" onSubmit={submit} noValidate>
      <h2>{t('orgSettings.privacy')}</h2>
      <p className="muted">{t('orgSettings.privacyIntro')}</p>
      <fieldset className="choices" disabled={!owner}>
        <legend>{t('orgSettings.ipMode')}</legend>
        {ipModes.map((mode) => (
          <label key={mode} className="choice">
            <input type="radio" name="ipMode" checked={ipMode === mode} onChange={() => setIpMode(mode)} />
            <span>
              <strong>{t(`orgSettings.ip.${mode}.title`)}</strong>
              <small className="muted">{t(`orgSettings.ip.${mode}.hint`)}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="grid2">
        <label>
          {t('orgSettings.retentionDays')}
          <input
            type="number"
            min={1}
            max={3650}
            value={retentionDays}
            disabled={!owner}
            onChange={(e) => setRetentionDays(Number(e.target.value))}
          />
        </label>
        <label>
          {t('orgSettings.rawRetentionDays')}
          <input
            type="number"
            min={1}
            max={3650}
            value={rawRetentionDays}
            disabled={!owner}
            onChange={(e) => setRawRetentionDays(Number(e.target.value))}
          />
        </label>
      </div>
      <small className="muted">{t('orgSettings.retentionHint')}</small>
      <FormAlert error={privacy.error ?? save.error} />
      {save.isSuccess && (
        <div className="alert ok" role="status">
          {t('orgSettings.saved')}
        </div>
      )}
      {owner ? (
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
      ) : (
        <small className="muted">{t('team.ownersOnly')}</small>
      )}
    </form>
  );
}
