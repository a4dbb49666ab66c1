import { useMemo } from 'react';
import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { Alert, CssBaseline, Typography } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import 'dayjs/locale/zh-cn';
import { useI18n } from './i18n/index.tsx';
import { themeFor } from './theme.ts';
import { missingToken } from './api/client.ts';
import { AppFrame } from './layout/AppFrame.tsx';
import { SupervisorList } from './resources/supervisors/SupervisorList.tsx';
import { SupervisorDetail } from './resources/supervisors/SupervisorDetail.tsx';
import { PersonList } from './resources/people/PersonList.tsx';
import { PersonDetail } from './resources/people/PersonDetail.tsx';
import { RegionList } from './resources/regions/RegionList.tsx';
import { OrganizationList } from './resources/organizations/OrganizationList.tsx';
import { LevelList } from './resources/levels/LevelList.tsx';
import { CertificateList } from './resources/certificates/CertificateList.tsx';
import { RuleSettings } from './resources/rules/RuleSettings.tsx';
import { CoverageList } from './resources/coverage/CoverageList.tsx';
import { BaseList } from './resources/bases/BaseList.tsx';
import { BaseDetail } from './resources/bases/BaseDetail.tsx';
import { SessionList } from './resources/sessions/SessionList.tsx';
import { SessionDetail } from './resources/sessions/SessionDetail.tsx';
import { AttendanceDue } from './resources/sessions/AttendanceDue.tsx';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { LiveChanges } from './api/LiveChanges.tsx';
import { UserList } from './resources/users/UserList.tsx';
import { AuditLog } from './resources/audit/AuditLog.tsx';
import { BackupScreen } from './resources/backup/BackupScreen.tsx';
import { ComplianceList } from './resources/compliance/ComplianceList.tsx';
import { CycleList } from './resources/recert/CycleList.tsx';
import { CycleDetail } from './resources/recert/CycleDetail.tsx';
import { OutstandingList } from './resources/recert/OutstandingList.tsx';
import { EvaluationRanking } from './resources/evaluations/EvaluationRanking.tsx';
import { AnnualReport } from './resources/audit/AnnualReport.tsx';

function NotFound() {
  const { t } = useI18n();
  return <Typography>{t('app.notFound')}</Typography>;
}

const router = createHashRouter([
  {
    path: '/',
    element: <AppFrame />,
    children: [
      { index: true, element: <Navigate to="/supervisors" replace /> },
      { path: 'supervisors', element: <SupervisorList /> },
      { path: 'supervisors/:id', element: <SupervisorDetail /> },
      { path: 'people', element: <PersonList /> },
      { path: 'people/:id', element: <PersonDetail /> },
      { path: 'regions', element: <RegionList /> },
      { path: 'organizations', element: <OrganizationList /> },
      { path: 'levels', element: <LevelList /> },
      { path: 'certificates', element: <CertificateList /> },
      { path: 'rules', element: <RuleSettings /> },
      { path: 'coverage', element: <CoverageList /> },
      { path: 'bases', element: <BaseList /> },
      { path: 'bases/:id', element: <BaseDetail /> },
      { path: 'sessions', element: <SessionList /> },
      { path: 'sessions/:id', element: <SessionDetail /> },
      { path: 'attendance', element: <AttendanceDue /> },
      { path: 'evaluations', element: <EvaluationRanking /> },
      { path: 'compliance', element: <ComplianceList /> },
      { path: 'recert', element: <CycleList /> },
      { path: 'recert/outstanding', element: <OutstandingList /> },
      { path: 'recert/:id', element: <CycleDetail /> },
      { path: 'users', element: <UserList /> },
      { path: 'audit', element: <AuditLog /> },
      { path: 'annual-report', element: <AnnualReport /> },
      { path: 'backup', element: <BackupScreen /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  const { language, t } = useI18n();
  const theme = useMemo(() => themeFor(language), [language]);
  return (
    <ThemeProvider theme={theme}>
      <LocalizationProvider dateAdapter={AdapterDayjs} adapterLocale={language === 'zh' ? 'zh-cn' : 'en'}>
        <CssBaseline />
        {missingToken() ? (
          <Alert severity="warning" sx={{ m: 4 }}>
            {t('app.noToken')}
          </Alert>
        ) : (
          <AuthProvider>
            <LiveChanges>
              <RouterProvider router={router} />
            </LiveChanges>
          </AuthProvider>
        )}
      </LocalizationProvider>
    </ThemeProvider>
  );
}
