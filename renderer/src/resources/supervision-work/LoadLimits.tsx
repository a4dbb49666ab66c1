import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { PerLevelNumbers } from '../../components/PerLevelNumbers.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** 规则设置 › 督导对象上限: per level, at most N current 督导对象 (0 or empty: no limit, the default). */
export function LoadLimits() {
  const { t } = useI18n();
  const { data: limits, reload } = useCall('supervision.caseloadLimits', {});
  return (
    <PerLevelNumbers
      title={t('supervisionWork.limits.title')}
      intro={t('supervisionWork.limits.intro')}
      saveLabel={t('common.save')}
      stored={limits}
      blankForNone
      onSave={async (values) => {
        await call('supervision.setCaseloadLimits', { limits: values.map(({ levelId, value }) => ({ levelId, limit: value })) });
        reload();
        return t('supervisionWork.limits.saved');
      }}
    />
  );
}
