/**
 * A phone on the buy during the rush. The fan-out bench (bench/fanout.ts) times an event to 10,000 streams;
 * this one looks at a phone as a person holds it: Debian's Chromium opens a page of the buy at a phone's size,
 * with its CPU slowed N times (Chrome DevTools' throttling: 1 is this machine; 4 and 6 are what DevTools calls a
 * mid-range and a low-end phone), and then the rush of bench/rush.ts comes: 5,000 households join from 200
 * connections (embedded database). Two pages: a neighbour's buy page (the live 接龙 list), and the leader's
 * manage page (totals live, every household's order in the summary, fetched again at most every 15 s while
 * orders come in). A third, `opened`, is the neighbour's buy page opened after the rush (the link followed
 * late): the rush comes first, and the page is timed from its navigation. Reported per page and slowdown:
 *
 * - how long after the rush's last answer the page had every household's line (the buy page draws the first 50
 *   lines of its 接龙 list, the manage page the first hundred households of its summary); for `opened`, how long
 *   after the page's navigation began;
 * - the page's long tasks (its main thread busy ≥ 50 ms, when a tap would wait) from the rush's first request
 *   (`opened`: the navigation) to that moment: how many, their sum and the longest, and its JavaScript, style
 *   and layout time;
 * - the bytes the page received meanwhile, its JavaScript heap and its element count after.
 *
 * The phone shares the machine's two cores with the server and the load tool, so these are upper bounds of
 * what a phone would see; the server runs one rush per page and slowdown, on a new buy each time (the first is
 * its first rush, as in bench/rush.ts).
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { joinRequests, openBuy } from './rush.ts';
import { api, fmt, freshData, measuredRun, seed, startServer, table } from './support.ts';

/** The neighbour's buy page, the leader's manage page, or the neighbour's buy page opened after the rush. */
export type PhoneView = 'buy' | 'manage' | 'opened';

/**
 * Each view's path (after /c/{compound}/buys/{buy}), the list whose lines it waits for, and whether the page
 * opens after the rush (instead of following it).
 */
const VIEWS: Record<PhoneView, { path: string; list: string; after?: true }> = {
  buy: { path: '', list: 'jielong' },
  manage: { path: '/manage', list: 'manage-orders' },
  opened: { path: '', list: 'jielong', after: true },
};

export interface PhoneResult {
  view: PhoneView;
  /** The CPU slowdown (1: this machine). */
  cpuSlowdown: number;
  joinsPerSec: number;
  errors: number;
  /** From the rush's last answer (`opened`: the page's navigation) to the page showing every household's line (ms). */
  shownAfterMs: number;
  /**
   * Long tasks (≥ 50 ms) on the page from the rush's first request (`opened`: the page's navigation) until it
   * showed every line.
   */
  longTasks: number;
  longTaskMs: number;
  longestTaskMs: number;
  /**
   * Of the page's main thread over that time (Chromium's Performance.getMetrics), ms: JavaScript, style
   * recalculation, layout.
   */
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  /** Bytes the page received over that time (its event stream and any fetch), KB. */
  receivedKb: number;
  /** The page's JavaScript heap in use after (MB), and its element count. */
  heapMb: number;
  elements: number;
}

/**
 * Runs in the page before its scripts: records long tasks, and resolves when a list has n lines (both pages' lists
 * draw their first lines only and say in `data-total` how many they hold).
 */
const PAGE_PROBE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  window.__linesShown = (testId, n) => new Promise((resolve) => {
    const check = () => {
      const list = document.querySelector('[data-testid="' + testId + '"]');
      const shown = list ? Number(list.dataset.total ?? list.childElementCount) : 0;
      if (shown >= n) { observer.disconnect(); resolve(performance.now()); return true; }
      return false;
    };
    const observer = new MutationObserver(check);
    if (!check()) {
      observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-total'] });
    }
  });
`;

/** Bytes the page has received since this call, from the DevTools protocol's network events. */
function receivedBytes(cdp: CDPSession): () => number {
  let total = 0;
  cdp.on('Network.dataReceived', (e: { encodedDataLength: number }) => (total += e.encodedDataLength));
  return () => total;
}

/** Chromium's running totals for the page's main thread (seconds), by metric name. */
async function threadTotals(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/**
 * A phone signed up and in the compound through an invite (an admin too for the manage page, as the leader who
 * made the buy would be): the page and its DevTools session.
 */
async function phone(
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  url: string,
  communityId: string,
  adminToken: string,
  n: number,
  view: PhoneView,
): Promise<{ page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({
    baseURL: url,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const signup = await context.request.post('/api/auth/signup', {
    data: {
      displayName: `看团的人${n}`,
      phone: `1390000${String(1000 + n)}`,
      password: 'phone-bench-pass',
    },
  });
  if (signup.status() !== 201) throw new Error(`signup: ${signup.status()} ${await signup.text()}`);
  const { csrfToken } = (await signup.json()) as { csrfToken: string };
  const { invite } = await api<{ invite: { code: string } }>(
    `${url}/api/communities/${communityId}/invites`,
    adminToken,
    'POST',
    {},
  );
  const accepted = await context.request.post(`/api/invite-codes/${invite.code}/accept`, {
    headers: { 'X-CSRF-Token': csrfToken },
  });
  if (!accepted.ok()) throw new Error(`accept: ${accepted.status()} ${await accepted.text()}`);
  if (view === 'manage') {
    const { membership } = (await accepted.json()) as { membership: { memberId: string } };
    await api(`${url}/api/members/${membership.memberId}/roles`, adminToken, 'PUT', {
      admin: true,
      leader: true,
      volunteerBuildingIds: [],
    });
  }
  const page = await context.newPage();
  await page.addInitScript(PAGE_PROBE);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  return { page, cdp };
}

/**
 * What a trace records when `PHONE_TRACE_DIR` is set (one Chromium trace per page and slowdown, from the rush's
 * first request until the page showed every line; open it in DevTools' Performance panel): enough to name what
 * a long task did (decoding a response's text, a script, a layout).
 */
const TRACED = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink',
  'loading',
  'toplevel',
];

/** Where the phone's browser is (Debian's Chromium; .ci/run installs it). */
export const CHROMIUM = '/usr/bin/chromium';

export async function phoneBench(
  slowdowns: readonly number[],
  households = 5000,
  views: readonly PhoneView[] = ['buy', 'manage'],
): Promise<PhoneResult[]> {
  const data = await freshData('pglite');
  const results: PhoneResult[] = [];
  try {
    const seeded = await seed(data.env, households);
    const server = await startServer(data.env, 3914, [], { web: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    try {
      const runs = views.flatMap((view) => slowdowns.map((rate) => ({ view, rate })));
      for (const [i, { view, rate }] of runs.entries()) {
        const { created, itemId } = await openBuy(server, seeded, `看团抢购 ${i + 1}`);
        const { page, cdp } = await phone(
          browser,
          server.url,
          seeded.communityId,
          seeded.admin.token,
          i,
          view,
        );
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        const path = `/c/${seeded.communityId}/buys/${created.id}${VIEWS[view].path}`;
        const rush = () =>
          measuredRun(server.url, server.pid, 200, joinRequests(created.id, itemId, seeded.households));
        const linesShown = () =>
          page.evaluate(
            `window.__linesShown(${JSON.stringify(VIEWS[view].list)}, ${households})`,
          ) as Promise<number>;
        const traceDir = process.env.PHONE_TRACE_DIR;
        const trace = () =>
          traceDir
            ? browser.startTracing(page, { path: `${traceDir}/${view}-${rate}.json`, categories: TRACED })
            : Promise.resolve();
        let bytes: () => number;
        let before: Record<string, number>;
        let run: Awaited<ReturnType<typeof rush>>;
        let shownAt: number; // page time
        let from: number; // page time
        let shownAfterMs: number;
        if (VIEWS[view].after) {
          // The rush first, its notices given time to go out, then the phone follows the link: from a page of
          // the same site (so the renderer, and its running totals, stay the same through the navigation).
          run = await rush();
          await new Promise((r) => setTimeout(r, 2_000));
          await page.goto('/healthz');
          await trace();
          bytes = receivedBytes(cdp);
          before = await threadTotals(cdp);
          await page.goto(path, { waitUntil: 'domcontentloaded' });
          shownAt = await linesShown();
          from = 0; // the navigation's start
          shownAfterMs = shownAt;
        } else {
          // The page is ready when its event stream is.
          const streaming = page.waitForResponse((r) => r.url().endsWith(`/buys/${created.id}/events`), {
            timeout: 60_000,
          });
          await page.goto(path);
          await streaming;
          await page.waitForTimeout(500);
          await trace();
          bytes = receivedBytes(cdp);
          before = await threadTotals(cdp);
          const shown = linesShown();
          const clock = await page.evaluate('performance.now()');
          const benchClock = performance.now();
          const offset = Number(clock) - benchClock; // page time = bench time + offset (± a round trip)
          run = await rush();
          shownAt = await shown;
          from = run.start + offset;
          shownAfterMs = shownAt - (run.last + offset);
        }
        if (traceDir) await browser.stopTracing();
        const received = bytes();
        const after = await threadTotals(cdp);
        const spent = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
        const tasks = (await page.evaluate('window.__longTasks')) as [number, number][];
        const during = tasks.filter(([start, d]) => start + d >= from && start <= shownAt);
        const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
        const elements = Number(await page.evaluate("document.getElementsByTagName('*').length"));
        results.push({
          view,
          cpuSlowdown: rate,
          joinsPerSec: run.run['2xx'] / ((run.last - run.start) / 1000),
          errors: run.run.errors + run.run.non2xx,
          shownAfterMs,
          longTasks: during.length,
          longTaskMs: during.reduce((s, [, d]) => s + d, 0),
          longestTaskMs: Math.max(0, ...during.map(([, d]) => d)),
          scriptMs: spent('ScriptDuration'),
          styleMs: spent('RecalcStyleDuration'),
          layoutMs: spent('LayoutDuration'),
          receivedKb: received / 1024,
          heapMb: heap.usedSize / 2 ** 20,
          elements,
        });
        await page.context().close();
      }
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    await data.cleanup();
  }
  return results;
}

const PAGE_NAMES: Record<PhoneView, string> = {
  buy: "neighbour's buy page",
  manage: "leader's manage page",
  opened: 'buy page opened after',
};

export function printPhone(results: readonly PhoneResult[]): void {
  console.log(
    "\n## A phone on the buy during the rush (Chromium, 360 × 740, embedded database): a neighbour's page, the leader's",
  );
  table(
    results.map((r) => ({
      page: PAGE_NAMES[r.view],
      'CPU slowdown': `${r.cpuSlowdown} ×`,
      'joins/s': fmt(r.joinsPerSec),
      errors: r.errors,
      'all lines shown, ms after the last join (opened: the navigation)': fmt(r.shownAfterMs),
      'long tasks': r.longTasks,
      'long tasks ms (sum)': fmt(r.longTaskMs),
      'longest ms': fmt(r.longestTaskMs),
      'script / style / layout ms': `${fmt(r.scriptMs)} / ${fmt(r.styleMs)} / ${fmt(r.layoutMs)}`,
      'KB received': fmt(r.receivedKb),
      'JS heap MB': fmt(r.heapMb, 1),
      elements: fmt(r.elements),
    })),
  );
}
