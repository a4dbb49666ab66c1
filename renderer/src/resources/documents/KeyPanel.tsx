import { Box, Button, Stack, Typography } from '@mui/material';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Code } from '../../components/Page.tsx';
import { DownloadJobButton } from './DownloadJobButton.tsx';

/** 签名公钥: what verifiers compare, and the files the association gives them. */
export function KeyPanel() {
  const { t } = useI18n();
  const { data } = useCall('documents.keyInfo', {});
  return (
    <Box sx={{ maxWidth: 760, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="body2" color="text.secondary">
        {t('key.hint')}
      </Typography>
      {data && (
        <>
          <Typography>
            {t('key.fingerprint')}：<Code>{data.fingerprint}</Code>
          </Typography>
          <Typography sx={{ overflowWrap: 'anywhere' }}>
            {t('key.publicKey')}：<Code>{data.publicKey}</Code>
          </Typography>
          <Box>
            <Button size="small" onClick={() => void navigator.clipboard?.writeText(data.pem)}>
              {t('key.copyPem')}
            </Button>
          </Box>
        </>
      )}
      <Typography variant="body2" color="text.secondary">
        {t('key.exportPageHint')}
      </Typography>
      <Stack direction="row" spacing={1}>
        <DownloadJobButton operation="documents.exportVerifierPage" label={t('key.exportPage')} />
        <DownloadJobButton operation="documents.exportRevocations" label={t('key.exportRevocations')} />
      </Stack>
    </Box>
  );
}
