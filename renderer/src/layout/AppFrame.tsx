import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { AppBar, Box, Button, Drawer, List, ListItemButton, ListItemIcon, ListItemText, ListSubheader, Toolbar, Typography } from '@mui/material';
import TranslateIcon from '@mui/icons-material/Translate';
import { useAuth } from '../auth/AuthProvider.tsx';
import { UserMenu } from '../auth/UserMenu.tsx';
import { useI18n } from '../i18n/index.tsx';
import { navigationGroups } from '../resources/index.ts';
import { ExampleDataBanner } from '../resources/demo/ExampleData.tsx';
import { WelcomeDialog } from './WelcomeDialog.tsx';
import { ScreenLoading } from './ScreenLoading.tsx';
import { AuditStartupBanner } from './AuditStartupBanner.tsx';

const DRAWER_WIDTH = 196;

/** Navigation grouped by job (docs/design.md §7), from the resources' declarations. Only screens that work are listed. */
const NAV = navigationGroups();

export function AppFrame() {
  const { t, language, setLanguage } = useI18n();
  const { can } = useAuth();
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
        <Box component="nav" aria-label="主导航" sx={{ overflowY: 'auto' }}>
          {NAV.map((section) => (
            <List key={section.group} dense subheader={<ListSubheader component="div">{t(section.group)}</ListSubheader>}>
              {section.items
                .filter((item) => !item.permission || can(item.permission))
                .map(({ path, nav: { label, icon: Icon, end } }) => (
                  <ListItemButton key={path} component={NavLink} to={`/${path}`} end={end} sx={{ '&.active': { bgcolor: 'action.selected', fontWeight: 600 } }}>
                    <ListItemIcon sx={{ minWidth: 36 }}>
                      <Icon />
                    </ListItemIcon>
                    <ListItemText primary={t(label)} />
                  </ListItemButton>
                ))}
            </List>
          ))}
        </Box>
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
