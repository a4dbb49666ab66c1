import { useMemo } from 'react';
import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { Alert, CssBaseline, Typography } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import 'dayjs/locale/zh-cn';
import { useI18n } from './i18n/index.tsx';
import { themeFor } from './theme.ts';
import { askAhead, mayBeSignedIn, missingToken } from './api/client.ts';
import { AppFrame } from './layout/AppFrame.tsx';
import { ConnectionBanner } from './connection/ConnectionBanner.tsx';
import { ConnectServerDialog } from './connection/ConnectServerDialog.tsx';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { FIRST_RESOURCE, RESOURCES } from './resources/index.ts';
import { ClockGate } from './api/clock.tsx';
import { LiveChanges } from './api/LiveChanges.tsx';

// Asked before the first render (AuthProvider takes the answer): who is signed in, and on a repeat visit
// to the first screen its rows, side by side rather than one after the other. The first screen's code
// loads meanwhile (while the sign-in page shows, on a first visit).
const onFirstScreen = () => ['', '#', '#/', `#/${FIRST_RESOURCE.path}`].includes(window.location.hash);
if (!missingToken()) {
  askAhead('auth.status', {});
  if (mayBeSignedIn() && onFirstScreen()) FIRST_RESOURCE.askFirstPage?.();
  FIRST_RESOURCE.list.preload();
}
/** Right after signing in (the answer carries the status): the first screen's rows, while the frame renders. */
const askFirstScreenAhead = () => void (onFirstScreen() && FIRST_RESOURCE.askFirstPage?.());

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
          <AuthProvider onSignedIn={askFirstScreenAhead}>
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
