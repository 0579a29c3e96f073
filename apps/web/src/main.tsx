import { createEmporiumClient } from '@emporium/api-client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProviders } from './app/AppProviders';
import { browserStorage } from './app/browser-storage';
import { createQueryClient } from './app/query-client';
import { AppRoutes } from './app/routes';
import './styles/global.css';

// Same origin as the gateway in production (it serves this app); VITE_API_BASE_URL for other setups.
const client = createEmporiumClient({
  baseUrl: import.meta.env.VITE_API_BASE_URL ?? '',
  storage: browserStorage(),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders client={client} queryClient={createQueryClient()}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
);
