import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { PerLevelNumbers } from '../../components/PerLevelNumbers.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** The default supervisor quota of every town, per level (seed: 3 中级 + 2 初级). */
export function DefaultQuota() {
  const { t } = useI18n();
  const { data: quota, reload } = useCall('quotas.default', {});
  return (
    <PerLevelNumbers
      title={t('rules.quota')}
      intro={t('rules.quotaNote')}
      saveLabel={t('rules.saveQuota')}
      stored={quota as Record<string, number> | undefined}
      onSave={async (values) => {
        await call('quotas.setDefault', { quotas: values.map(({ levelId, value }) => ({ levelId, quota: value })) });
        reload();
        return t('common.saved');
      }}
    />
  );
}
