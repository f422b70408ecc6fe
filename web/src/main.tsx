import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { localeReady } from './i18n/index.ts';
import './styles.css';
import { App } from './app.tsx';
import { SessionProvider } from './session.tsx';
import { ToastProvider } from './components/toast.tsx';
import { reloadOnStaleBuild } from './stale-build.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
reloadOnStaleBuild(window);

// Drawn in the device's language from the first frame (English is loaded first when it is the choice).
void localeReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <BrowserRouter>
        <SessionProvider>
          <ToastProvider>
            <App />
          </ToastProvider>
        </SessionProvider>
      </BrowserRouter>
    </StrictMode>,
  ),
);
