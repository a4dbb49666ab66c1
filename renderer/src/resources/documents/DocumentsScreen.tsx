/** 证书核验与文书: verify a code, the issued documents (revoke one), the letter templates, the signing key and the files given to others. */
import { useState } from 'react';
import { Paper, Tab, Tabs, Box } from '@mui/material';
import { Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { VerifyPanel } from './VerifyPanel.tsx';
import { IssuedPanel } from './IssuedPanel.tsx';
import { TemplatesPanel } from './TemplatesPanel.tsx';
import { KeyPanel } from './KeyPanel.tsx';

export function DocumentsScreen() {
  const { t } = useI18n();
  const [tab, setTab] = useState(0);
  return (
    <Page title={t('documents.title')}>
      <Paper variant="outlined" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <Tabs value={tab} onChange={(_e, v: number) => setTab(v)} sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}>
          <Tab label={t('documents.tab.verify')} />
          <Tab label={t('documents.tab.issued')} />
          <Tab label={t('documents.tab.templates')} />
          <Tab label={t('documents.tab.key')} />
        </Tabs>
        <Box sx={{ p: 2, overflow: 'auto', flex: 1, minHeight: 0 }}>
          {tab === 0 && <VerifyPanel />}
          {tab === 1 && <IssuedPanel />}
          {tab === 2 && <TemplatesPanel />}
          {tab === 3 && <KeyPanel />}
        </Box>
      </Paper>
    </Page>
  );
}
