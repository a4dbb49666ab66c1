import { Alert } from '@mui/material';
import { useCall } from '../api/useCall.ts';
import { useI18n } from '../i18n/index.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';

/**
 * On every screen, for administrators and auditors: the audit check made when the program
 * started (newest entries, signed anchor, triggers) failed. It does not block anyone's work.
 */
export function AuditStartupBanner() {
  const { t } = useI18n();
  const { can } = useAuth();
  const startup = useCall('audit.startupCheck', {}, can('audit.verify'));
  if (!startup.data || startup.data.intact) return null;
  return (
    <Alert severity="error" sx={{ mb: 1.5 }}>
      {t('audit.startupBroken', { problems: startup.data.message })}
    </Alert>
  );
}
