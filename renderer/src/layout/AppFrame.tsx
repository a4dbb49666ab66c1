import { NavLink, Outlet } from 'react-router';
import { AppBar, Box, Button, Drawer, List, ListItemButton, ListItemIcon, ListItemText, ListSubheader, Toolbar, Typography } from '@mui/material';
import BadgeIcon from '@mui/icons-material/Badge';
import PeopleIcon from '@mui/icons-material/People';
import MapIcon from '@mui/icons-material/Map';
import ApartmentIcon from '@mui/icons-material/Apartment';
import StairsIcon from '@mui/icons-material/Stairs';
import WorkspacePremiumIcon from '@mui/icons-material/WorkspacePremium';
import RuleIcon from '@mui/icons-material/Rule';
import PlaceIcon from '@mui/icons-material/Place';
import SchoolIcon from '@mui/icons-material/School';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import TranslateIcon from '@mui/icons-material/Translate';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import HistoryIcon from '@mui/icons-material/History';
import BackupIcon from '@mui/icons-material/Backup';
import SettingsIcon from '@mui/icons-material/Settings';
import TimerIcon from '@mui/icons-material/Timer';
import GradingIcon from '@mui/icons-material/Grading';
import SummarizeIcon from '@mui/icons-material/Summarize';
import VerifiedIcon from '@mui/icons-material/Verified';
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import { useAuth } from '../auth/AuthProvider.tsx';
import { UserMenu } from '../auth/UserMenu.tsx';
import type { Permission } from '../../../core/permissions.ts';
import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { ExampleDataBanner } from '../resources/demo/ExampleData.tsx';
import { AuditStartupBanner } from '../resources/audit/AuditLog.tsx';
import { WelcomeDialog } from './WelcomeDialog.tsx';

const DRAWER_WIDTH = 196;

/** Navigation grouped by job (docs/design.md §7). Only screens that work are listed. */
const NAV: { group: MessageKey; items: { to: string; label: MessageKey; icon: ReactNode; permission?: Permission; end?: boolean }[] }[] = [
  {
    group: 'nav.group.supervision',
    items: [
      { to: '/supervisors', label: 'nav.supervisors', icon: <BadgeIcon /> },
      { to: '/people', label: 'nav.people', icon: <PeopleIcon /> },
      { to: '/certificates', label: 'nav.certificates', icon: <WorkspacePremiumIcon /> },
      { to: '/coverage', label: 'nav.coverage', icon: <PlaceIcon /> },
    ],
  },
  {
    group: 'nav.group.recert',
    items: [
      { to: '/compliance', label: 'nav.compliance', icon: <TimerIcon /> },
      { to: '/recert', label: 'nav.recert', icon: <VerifiedIcon />, end: true },
      { to: '/recert/outstanding', label: 'nav.outstanding', icon: <NotificationsActiveIcon /> },
    ],
  },
  {
    group: 'nav.group.bases',
    items: [
      { to: '/bases', label: 'nav.bases', icon: <SchoolIcon />, permission: 'bases.read' },
      { to: '/sessions', label: 'nav.sessions', icon: <CalendarMonthIcon />, permission: 'bases.read' },
      { to: '/attendance', label: 'nav.attendance', icon: <FactCheckIcon />, permission: 'bases.read' },
      { to: '/evaluations', label: 'nav.evaluations', icon: <GradingIcon />, permission: 'bases.read' },
    ],
  },
  {
    group: 'nav.group.system',
    items: [
      { to: '/regions', label: 'nav.regions', icon: <MapIcon /> },
      { to: '/organizations', label: 'nav.organizations', icon: <ApartmentIcon /> },
      { to: '/rules', label: 'nav.rules', icon: <RuleIcon /> },
      { to: '/levels', label: 'nav.levels', icon: <StairsIcon /> },
      { to: '/users', label: 'nav.users', icon: <ManageAccountsIcon />, permission: 'users.manage' },
      { to: '/annual-report', label: 'nav.annualReport', icon: <SummarizeIcon />, permission: 'export' },
      { to: '/audit', label: 'nav.audit', icon: <HistoryIcon />, permission: 'audit.read' },
      { to: '/backup', label: 'nav.backup', icon: <BackupIcon />, permission: 'backup.manage' },
      { to: '/server-settings', label: 'nav.serverSettings', icon: <SettingsIcon />, permission: 'config.write' },
    ],
  },
];

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
                .map((item) => (
                  <ListItemButton
                    key={item.to}
                    component={NavLink}
                    to={item.to}
                    end={item.end}
                    sx={{ '&.active': { bgcolor: 'action.selected', fontWeight: 600 } }}
                  >
                    <ListItemIcon sx={{ minWidth: 36 }}>{item.icon}</ListItemIcon>
                    <ListItemText primary={t(item.label)} />
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
            <Outlet />
          </Box>
        </Box>
      </Box>
    </Box>
  );
}
