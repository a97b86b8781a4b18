import { DeskAttendees } from '@sparkmotion/shared/bands/attendee-privacy';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { Choices, LoadingCard, SettingsForm } from './form-parts.tsx';

/**
 * How much of an attendee the organization's desks hold (docs/attendees.md); the OWNER changes it, the cloud
 * audits it, and every desk applies it at its next sync.
 */
export function DeskAttendeesCard({ orgId, owner }: { orgId: string; owner: boolean }) {
  const trpc = useTRPC();
  const org = useQuery(trpc.orgs.get.queryOptions({ orgId }));
  if (!org.data) return <LoadingCard error={org.error} />;
  return <DeskAttendeesForm key={orgId} orgId={orgId} owner={owner} saved={org.data.deskAttendees} />;
}

function DeskAttendeesForm({ orgId, owner, saved }: { orgId: string; owner: boolean; saved: DeskAttendees }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.orgs.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.orgs.get.queryKey({ orgId }) }),
    }),
  );
  const [rule, setRule] = useState<DeskAttendees>(saved);
  return (
    <SettingsForm
      texts="attendees.card"
      mutation={save}
      canChange={owner}
      readOnly={<small className="muted">{t('team.ownersOnly')}</small>}
      onSubmit={() => save.mutate({ orgId, deskAttendees: rule })}
    >
      <Choices
        group={{
          name: 'deskAttendees',
          legend: t('attendees.rule.legend'),
          texts: 'attendees.rule',
          options: DeskAttendees.options,
        }}
        state={[rule, setRule]}
        disabled={!owner}
      />
    </SettingsForm>
  );
}
