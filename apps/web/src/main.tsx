import { createEmporiumClient } from '@emporium/api-client';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProviders } from './app/AppProviders';
import { browserStorage } from './app/browser-storage';
import { createQueryClient } from './app/query-client';
import { AppRoutes, preloadLandingPage } from './app/routes';
import './styles/global.css';

// Same origin as the gateway in production (it serves this app); VITE_API_BASE_URL for other setups.
const client = createEmporiumClient({
  baseUrl: import.meta.env.VITE_API_BASE_URL ?? '',
  storage: browserStorage(),
});

preloadLandingPage(window.location.pathname);

// index.html already shows the frame (header and a loading state), so the first render need not
// be urgent: as a transition React renders it in slices, yielding between them, instead of one
// long task that holds a slow phone's main thread (and its first input) until the page is done.
const root = createRoot(document.getElementById('root')!);
startTransition(() => {
  root.render(
    <StrictMode>
      <AppProviders client={client} queryClient={createQueryClient()}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </AppProviders>
    </StrictMode>,
  );
});
