import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { BrandingCard } from './BrandingForm.tsx';
import { DeskAttendeesCard } from './DeskAttendeesCard.tsx';
import { Choices, LoadingCard, SettingsForm } from './form-parts.tsx';
import { RotateSecretsCard } from './RotateSecretsCard.tsx';
import { TrustPolicyCard } from './TrustPolicyCard.tsx';

const ipModes = ['FULL', 'ANONYMIZED', 'NONE'] as const;
type IpMode = (typeof ipModes)[number];

type Privacy = { ipMode: IpMode; retentionDays: number; rawRetentionDays: number };

/** The organization's privacy rules for taps: what is kept of attendees' IPs, and for how long (OWNER changes). */
export function OrgSettingsScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const orgId = useConsole((s) => s.orgId);
  const eventId = useConsole((s) => s.eventId);
  const orgs = useQuery(trpc.store.organizations.queryOptions());
  const privacy = useQuery({ ...trpc.orgs.privacy.queryOptions({ orgId: orgId ?? '' }), enabled: !!orgId });
  if (!orgId) return <div className="card empty">{t('team.pickOrg')}</div>;
  // The form starts from the saved rules once they are here, so a late answer never overwrites an edit.
  if (!privacy.data) {
    return <LoadingCard error={privacy.error} />;
  }
  const role = orgs.data?.find((o) => o.id === orgId)?.role;
  const owner = role === 'OWNER';
  return (
    <>
      <PrivacyForm key={orgId} orgId={orgId} saved={privacy.data} owner={owner} />
      <DeskAttendeesCard orgId={orgId} owner={owner} />
      <TrustPolicyCard scope={eventId ? { orgId, eventId } : null} canEdit={owner || role === 'EDITOR'} />
      <BrandingCard orgId={orgId} owner={owner} />
      {owner && <RotateSecretsCard orgId={orgId} />}
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

  return (
    <SettingsForm
      texts="orgSettings.cards.privacy"
      mutation={save}
      canChange={owner}
      readOnly={<small className="muted">{t('team.ownersOnly')}</small>}
      onSubmit={() => save.mutate({ orgId, ipMode, retentionDays, rawRetentionDays })}
    >
      <Choices
        group={{ name: 'ipMode', legend: t('orgSettings.ipMode'), texts: 'orgSettings.ip', options: ipModes }}
        state={[ipMode, setIpMode]}
        disabled={!owner}
      />
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
    </SettingsForm>
  );
}
