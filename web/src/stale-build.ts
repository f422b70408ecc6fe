/**
 * After Linli is upgraded, a phone that kept the page open still runs the previous build. The screens it loads on
 * demand (app.tsx's lazy pages, the English strings) are files named by their content, and the new build replaced
 * them: opening one fails, which Vite reports as a `vite:preloadError` on the window. The page then asks for
 * index.html: when it names another entry script than the one running, a new build is out, and the page reloads
 * into it. A failure while the phone is offline, or with the same build served, is left to the page (the
 * language switch says it is offline; a screen shows PageBoundary's 重新加载). Not twice within RELOAD_GUARD_MS:
 * a file missing from the new build too, or instances serving two builds during an upgrade, end on the page's
 * error rather than in a loop of reloads.
 */

/** How long after a reload for a new build another is not made. */
export const RELOAD_GUARD_MS = 30_000;
const KEY = 'linli.buildReloadAt';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** The entry script an index.html loads (`<script type="module" src>`), or null. */
export function entryScript(html: string): string | null {
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    if (!/\btype=["']?module\b/i.test(tag)) continue;
    const src = /\bsrc=["']?([^"'\s>]+)/i.exec(tag);
    if (src) return src[1]!;
  }
  return null;
}

/** Whether the served index.html is of another build than the running one's entry script. */
export function isNewBuild(running: string | null, servedHtml: string | null): boolean {
  const served = servedHtml === null ? null : entryScript(servedHtml);
  return running !== null && served !== null && served !== running;
}

/**
 * Whether to reload now, `now` in ms; notes the reload in `store` (the tab's sessionStorage) when it says yes.
 * No storage (a browser that refuses it): no reload, since none could be guarded.
 */
export function mayReloadForBuild(store: Store | null, now: number): boolean {
  if (store === null) return false;
  try {
    const last = Number(store.getItem(KEY) ?? '');
    if (last > 0 && now - last >= 0 && now - last < RELOAD_GUARD_MS) return false;
    store.setItem(KEY, String(now));
    return true;
  } catch {
    return false;
  }
}

function sessionStore(win: Window): Store | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/** index.html as the server has it now (not the browser's cache), or null when it cannot be had. */
async function servedIndex(win: Window): Promise<string | null> {
  try {
    const res = await win.fetch('/', { cache: 'no-store', headers: { accept: 'text/html' } });
    return res.ok ? await res.text() : null;
  } catch {
    return null;
  }
}

/** Reloads the page when a file of the build it runs is gone because a new build is out. */
export function reloadOnStaleBuild(win: Window): void {
  const running = win.document.querySelector('script[type="module"][src]')?.getAttribute('src') ?? null;
  let checking = false;
  win.addEventListener('vite:preloadError', () => {
    if (checking) return;
    checking = true;
    void servedIndex(win).then((html) => {
      checking = false;
      if (isNewBuild(running, html) && mayReloadForBuild(sessionStore(win), Date.now()))
        win.location.reload();
    });
  });
}
