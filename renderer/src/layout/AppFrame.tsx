import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { AppBar, Box, Button, Drawer, Toolbar, Typography } from '@mui/material';
import TranslateIcon from '@mui/icons-material/Translate';
import { UserMenu } from '../auth/UserMenu.tsx';
import { useI18n } from '../i18n/index.tsx';
import { ExampleDataBanner } from '../resources/demo/ExampleData.tsx';
import { WelcomeDialog } from './WelcomeDialog.tsx';
import { ScreenLoading } from './ScreenLoading.tsx';
import { AuditStartupBanner } from './AuditStartupBanner.tsx';
import { Navigation } from './Navigation.tsx';

const DRAWER_WIDTH = 196;

export function AppFrame() {
  const { t, language, setLanguage } = useI18n();
  return (
    <Box sx={{ display: 'flex', height: '100vh' }}>
      <AppBar position="fixed" elevation={0} sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
        <Toolbar variant="dense">
          <Typography variant="h6" component="div" sx={{ flexGrow: 1, fontSize: 17, fontWeight: 600 }} noWrap>
            {t('app.title')}
          </Typography>
          <Button
            color="inherit"
            startIcon={<TranslateIcon />}
            title={t('app.languageTooltip')}
            lang={language === 'zh' ? 'en' : 'zh-CN'}
            sx={{ textTransform: 'none' }}
            onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
          >
            {t('app.language')}
          </Button>
          <UserMenu />
        </Toolbar>
      </AppBar>
      <Drawer variant="permanent" sx={{ width: DRAWER_WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' } }}>
        <Toolbar variant="dense" />
        <Navigation />
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
        <Toolbar variant="dense" />
        <Box sx={{ flex: 1, minHeight: 0, p: 2, overflow: 'auto', display: 'flex', flexDirection: 'column' }}>
          <ExampleDataBanner />
          <AuditStartupBanner />
          <WelcomeDialog />
          <Box sx={{ flex: 1, minHeight: 0 }}>
            <Suspense fallback={<ScreenLoading />}>
              <Outlet />
            </Suspense>
          </Box>
        </Box>
      </Box>
    </Box>
  );
}
