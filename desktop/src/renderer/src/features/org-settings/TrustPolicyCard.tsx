import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { Choices, LoadingCard, SettingsForm } from './form-parts.tsx';

const policies = ['SAME_PAGE', 'FALLBACK'] as const;
type Policy = (typeof policies)[number];
type Scope = { orgId: string; eventId: string };

/** The chosen event's tap-trust policy (docs/tap-trust.md); EDITORs and OWNERs change it. */
export function TrustPolicyCard({ scope, canEdit }: { scope: Scope | null; canEdit: boolean }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const saved = useQuery({
    ...trpc.cloud.trust.policy.queryOptions(scope ?? { orgId: '', eventId: '' }),
    enabled: !!scope,
  });
  if (!scope) return <div className="card narrow muted">{t('orgSettings.trustPickEvent')}</div>;
  if (!saved.data) {
    return <LoadingCard error={saved.error} />;
  }
  return <PolicyForm key={scope.eventId} scope={scope} saved={saved.data.policy} canEdit={canEdit} />;
}

function PolicyForm({ scope, saved, canEdit }: { scope: Scope; saved: Policy; canEdit: boolean }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [policy, setPolicy] = useState<Policy>(saved);
  const [confirming, setConfirming] = useState(false);
  const reload = () => queryClient.invalidateQueries({ queryKey: trpc.cloud.trust.policy.queryKey(scope) });
  const save = useMutation(trpc.cloud.trust.setPolicy.mutationOptions({ onSuccess: reload }));
  const store = () => {
    setConfirming(false);
    save.mutate({ ...scope, policy });
  };
  const submit = () => {
    // Sending attendees elsewhere is the risky direction: it is said in words before it happens.
    if (policy === 'FALLBACK' && saved !== 'FALLBACK') setConfirming(true);
    else store();
  };

  return (
    <SettingsForm texts="orgSettings.cards.trust" mutation={save} canChange={canEdit} onSubmit={submit}>
      <Choices
        group={{
          name: 'trustPolicy',
          legend: t('orgSettings.trustPolicy'),
          texts: 'orgSettings.policy',
          options: policies,
        }}
        state={[policy, setPolicy]}
        disabled={!canEdit}
      />
      <ConfirmDialog
        title={t('orgSettings.trustConfirmTitle')}
        open={confirming}
        onConfirm={store}
        confirmLabel={t('orgSettings.trustConfirm')}
        onCancel={() => setConfirming(false)}
        cancelLabel={t('orgSettings.trustKeep')}
      >
        <p>{t('orgSettings.trustConfirmBody')}</p>
      </ConfirmDialog>
    </SettingsForm>
  );
}
