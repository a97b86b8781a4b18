import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { FormAlert } from '../FormErrors.tsx';

const secrets = ['ntag', 'sdm'] as const;
type Secret = (typeof secrets)[number];

/**
 * The OWNER's rotation of the organization's tag secrets (docs/secrets.md), e.g. after an editor who saw
 * them left. The answer is the new version only: no secret is ever shown.
 */
export function RotateSecretsCard({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [asking, setAsking] = useState<Secret | null>(null);
  const [rotated, setRotated] = useState<{ secret: Secret; version: number } | null>(null);
  const ntag = useMutation(trpc.cloud.trust.rotateNtagSecret.mutationOptions());
  const sdm = useMutation(trpc.cloud.trust.rotateSdmMasterKey.mutationOptions());
  const rotate = async (secret: Secret) => {
    setAsking(null);
    const { version } = await (secret === 'ntag' ? ntag : sdm).mutateAsync({ orgId });
    setRotated({ secret, version });
  };

  return (
    <section className="card narrow" aria-labelledby="rotate-secrets">
      <h2 id="rotate-secrets">{t('orgSettings.rotate.title')}</h2>
      <p className="muted">{t('orgSettings.rotate.intro')}</p>
      <div className="row">
        {secrets.map((secret) => (
          <button key={secret} type="button" className="danger" onClick={() => setAsking(secret)}>
            {t(`orgSettings.rotate.${secret}.button`)}
          </button>
        ))}
      </div>
      <FormAlert error={ntag.error ?? sdm.error} />
      {rotated && (
        <div className="alert ok" role="status">
          {t(`orgSettings.rotate.${rotated.secret}.done`, { version: rotated.version })}
        </div>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={asking ? t(`orgSettings.rotate.${asking}.confirmTitle`) : ''}
        cancelLabel={t('orgSettings.trustKeep')}
        confirmLabel={t('orgSettings.rotate.confirm')}
        onCancel={() => setAsking(null)}
        onConfirm={() => asking && rotate(asking).catch(() => undefined)}
      >
        {asking && <p>{t(`orgSettings.rotate.${asking}.confirmBody`)}</p>}
      </ConfirmDialog>
    </section>
  );
}
