import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n/index.tsx';
import { App } from './App.tsx';
import { DataVersionProvider } from './api/dataVersion.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <DataVersionProvider>
        <App />
      </DataVersionProvider>
    </I18nProvider>
  </StrictMode>,
);
