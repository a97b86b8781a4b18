/** Composition root of the renderer: the tRPC client, TanStack Query, the language, the app. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initI18n, pickLanguage } from './i18n/i18n.ts';
import './styles.css';
import { createConsoleClient, TRPCProvider } from './trpc.ts';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 2_000 } },
});
const trpcClient = createConsoleClient();

// The language comes from the desk's settings before the first paint, so nothing flashes in English.
void trpcClient.settings.get
  .query()
  .catch(() => null)
  .then((settings) => initI18n(pickLanguage(settings?.language ?? null, navigator.languages)))
  .then(() => {
    const root = document.getElementById('root');
    if (!root) throw new Error('index.html has no #root');
    createRoot(root).render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <App />
          </TRPCProvider>
        </QueryClientProvider>
      </StrictMode>,
    );
  });
