import { useMemo } from 'react';
import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { Alert, CssBaseline, Typography } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import 'dayjs/locale/zh-cn';
import { useI18n } from './i18n/index.tsx';
import { themeFor } from './theme.ts';
import { mayBeSignedIn, missingToken } from './api/client.ts';
import { AppFrame } from './layout/AppFrame.tsx';
import { ConnectionBanner } from './connection/ConnectionBanner.tsx';
import { ConnectServerDialog } from './connection/ConnectServerDialog.tsx';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { FIRST_RESOURCE, RESOURCES } from './resources/index.ts';
import { ClockGate } from './api/clock.tsx';

// The first screen loads while the sign-in page shows, so it is there as soon as someone signs in.
if (!missingToken()) FIRST_RESOURCE.list.preload();
// Signed in already (a repeat visit) and opening the first screen: its rows are asked for with auth.status, not after it.
if (!missingToken() && mayBeSignedIn() && ['', '#', '#/', `#/${FIRST_RESOURCE.path}`].includes(window.location.hash)) FIRST_RESOURCE.askFirstPage?.();
import { LiveChanges } from './api/LiveChanges.tsx';

function NotFound() {
  const { t } = useI18n();
  return <Typography>{t('app.notFound')}</Typography>;
}

const router = createHashRouter([
  {
    path: '/',
    element: <AppFrame />,
    children: [
      { index: true, element: <Navigate to={`/${FIRST_RESOURCE.path}`} replace /> },
      ...RESOURCES.flatMap(({ path, list: List, detail: Detail }) => [
        { path, element: <List /> },
        ...(Detail ? [{ path: `${path}/:id`, element: <Detail /> }] : []),
      ]),
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
        <ConnectionBanner />
        <ConnectServerDialog />
        {missingToken() ? (
          <Alert severity="warning" sx={{ m: 4 }}>
            {t('app.noToken')}
          </Alert>
        ) : (
          <AuthProvider>
            <ClockGate>
              <LiveChanges>
                <RouterProvider router={router} />
              </LiveChanges>
            </ClockGate>
          </AuthProvider>
        )}
      </LocalizationProvider>
    </ThemeProvider>
  );
}
