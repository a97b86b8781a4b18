import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { FormAlert } from '../FormErrors.tsx';
import { BrandingCard } from './BrandingForm.tsx';

const ipModes = ['FULL', 'ANONYMIZED', 'NONE'] as const;
type IpMode = (typeof ipModes)[number];

type Privacy = { ipMode: IpMode; retentionDays: number; rawRetentionDays: number };

/** The organization's privacy rules for taps: what is kept of attendees' IPs, and for how long (OWNER changes). */
export function OrgSettingsScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const orgId = useConsole((s) => s.orgId);
  const orgs = useQuery(trpc.store.organizations.queryOptions());
  const privacy = useQuery({ ...trpc.orgs.privacy.queryOptions({ orgId: orgId ?? '' }), enabled: !!orgId });
  if (!orgId) return <div className="card empty">{t('team.pickOrg')}</div>;
  // The form starts from the saved rules once they are here, so a late answer never overwrites an edit.
  if (!privacy.data) {
    return (
      <div className="card narrow" role="status">
        {privacy.error ? <FormAlert error={privacy.error} /> : t('common.loading')}
      </div>
    );
  }
  const owner = orgs.data?.find((o) => o.id === orgId)?.role === 'OWNER';
  return (
    <>
      <PrivacyForm key={orgId} orgId={orgId} saved={privacy.data} owner={owner} />
      <BrandingCard orgId={orgId} owner={owner} />
    </>
  );
}

function PrivacyForm({ orgId, saved, owner }: { orgId: string; saved: Privacy; owner: boolean }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.orgs.setPrivacy.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.orgs.privacy.queryKey({ orgId }) }),
    }),
  );
  const [ipMode, setIpMode] = useState<IpMode>(saved.ipMode);
  const [retentionDays, setRetentionDays] = useState(saved.retentionDays);
  const [rawRetentionDays, setRawRetentionDays] = useState(saved.rawRetentionDays);
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
      <FormAlert error={save.error} />
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
