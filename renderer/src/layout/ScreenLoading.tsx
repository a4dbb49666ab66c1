import { Box, CircularProgress, Typography } from '@mui/material';
import { useI18n } from '../i18n/index.tsx';

/** Shown while a screen's code loads (each screen is its own chunk): a moment on the first visit only. */
export function ScreenLoading() {
  const { t } = useI18n();
  return (
    <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 1.5, p: 2, color: 'text.secondary' }}>
      <CircularProgress size={20} />
      <Typography variant="body2">{t('common.loading')}</Typography>
    </Box>
  );
}
