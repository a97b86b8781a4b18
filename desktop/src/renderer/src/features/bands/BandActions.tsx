import { useMutation } from '@tanstack/react-query';
import { errorMessageOf, useTRPC } from '../../trpc.ts';

/** Disable / enable / lost-and-replace for one band; done in the cloud, then synced back. */
export function BandActions(props: {
  orgId: string;
  bandId: string;
  status: string;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const onError = (error: unknown) => props.onDone(`Could not change band ${props.bandId}: ${errorMessageOf(error)}`);
  const disable = useMutation(
    trpc.cloud.bands.disable.mutationOptions({
      onSuccess: () => props.onDone(`Band ${props.bandId} disabled`),
      onError,
    }),
  );
  const enable = useMutation(
    trpc.cloud.bands.enable.mutationOptions({ onSuccess: () => props.onDone(`Band ${props.bandId} enabled`), onError }),
  );
  const replace = useMutation(
    trpc.cloud.bands.replace.mutationOptions({
      onSuccess: (result) =>
        props.onDone(
          `Band ${props.bandId} marked lost; its replacement is ${result.replacement.bandId} (encode it at a station)`,
        ),
      onError,
    }),
  );
  const busy = disable.isPending || enable.isPending || replace.isPending;
  const ref = { orgId: props.orgId, bandId: props.bandId };
  return (
    <span className="row" style={{ gap: 6, flexWrap: 'nowrap' }}>
      {props.status === 'ACTIVE' && (
        <button type="button" className="small" disabled={busy} onClick={() => disable.mutate(ref)}>
          Disable
        </button>
      )}
      {props.status === 'DISABLED' && (
        <button type="button" className="small" disabled={busy} onClick={() => enable.mutate(ref)}>
          Enable
        </button>
      )}
      {props.status !== 'LOST' && (
        <button type="button" className="small danger" disabled={busy} onClick={() => replace.mutate(ref)}>
          Lost &amp; replace
        </button>
      )}
    </span>
  );
}
