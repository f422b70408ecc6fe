import net from 'node:net';
import { expect, test, type Request } from '@playwright/test';
import { phone, screenshots, seedCompound } from './support.ts';

// A neighbour's buy page loses its connection (a lift, a tunnel, a server restarting) while others join. When
// the connection is back, the page's event stream resumes with Last-Event-ID, is replayed what it missed and
// shows the new 接龙 lines and counts from that alone: no second download of the whole list, which after a
// restart in a rush every open page would ask for at once. The screens are saved to e2e/artifacts/comeback-*.png.

const shot = screenshots('comeback');

/**
 * The phone's way to the server: a TCP relay in the test's process that can drop every connection through it
 * and refuse new ones for a while, as a lost network (or a server restarting) does. Cookies do not depend on
 * the port, so the page is signed in through it as it is directly.
 */
async function relay(port: number) {
  const open = new Set<net.Socket>();
  let up = true;
  const server = net.createServer((socket) => {
    if (!up) return socket.destroy();
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [socket, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {});
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    down() {
      up = false;
      for (const s of open) s.destroy();
    },
    up() {
      up = true;
    },
    close() {
      this.down();
      server.close();
    },
  };
}

test('a buy page that was offline shows what it missed from the replay, without fetching the list again', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const leader = await phone(browser, 360, 780);
  const watcher = await phone(browser, 375, 812);
  const joiners = [await phone(browser, 360, 780), await phone(browser, 360, 780)];
  const { lead, cid, residents } = await seedCompound(leader, {
    leaderName: '吴团长',
    name: '梧桐苑',
    buildings: { to: 2, floors: 3, roomsPerFloor: 2 },
    residents: [
      [watcher, '钱阿姨', '1-101'],
      [joiners[0]!, '李先生', '1-202'],
      [joiners[1]!, '赵奶奶', '2-301'],
    ],
  });
  const buy = await lead.post<{ id: string; items: { id: string }[] }>(`/api/communities/${cid}/buys`, {
    title: '新鲜草莓',
    deadline: new Date(Date.now() + 3600_000).toISOString(),
    items: [{ name: '草莓', unit: '盒', priceFen: 3500, stock: 20, perHouseholdMax: 2 }],
  });
  await lead.post(`/api/buys/${buy.id}/publish`);
  const join = (label: string, qty: number) =>
    residents[label]!.put(`/api/buys/${buy.id}/orders/mine`, { lines: [{ itemId: buy.items[0]!.id, qty }] });

  const line = (label: string) => watcher.getByTestId('jielong-entry').filter({ hasText: label });

  const network = await relay(Number(process.env.E2E_PORT));
  await watcher.goto(`${network.url}/c/${cid}/buys/${buy.id}`);
  await expect(watcher.getByText('实时更新')).toBeVisible();
  await join('1-202', 2);
  await expect(line('1-202')).toContainText('草莓×2');

  // What the page asks the server for from here on.
  const asked: Request[] = [];
  watcher.on('request', (r) => asked.push(r));
  network.down();
  await expect(watcher.getByText('实时更新')).toHaveCount(0);
  await join('2-301', 1);
  await join('1-202', 1);
  await shot(watcher, '01-offline');

  network.up();
  await expect(line('2-301')).toContainText('草莓×1', { timeout: 20_000 });
  await expect(line('1-202')).toContainText('草莓×1');
  await expect(watcher.getByText('实时更新')).toBeVisible();
  await shot(watcher, '02-back');

  const paths = asked.map((r) => new URL(r.url()).pathname);
  // The buy's stream came back naming the last event it had, and nothing else was fetched in full. (The
  // member's bell, GET …/notifications/events, has no ids to name: it reconnects plain, after its own 6–16 s,
  // and its first word is the count.)
  const streams = asked.filter((r) => r.url().includes(`/api/buys/${buy.id}/events`));
  expect(streams.length).toBeGreaterThan(0);
  const resumed = await Promise.all(
    streams.map(
      async (r) =>
        (await r.allHeaders())['last-event-id'] ?? new URL(r.url()).searchParams.get('lastEventId'),
    ),
  );
  expect(resumed.every((id) => id !== null && Number(id) > 0)).toBe(true);
  expect(paths.filter((p) => p.endsWith('/list'))).toEqual([]);
  expect(paths.filter((p) => p === `/api/buys/${buy.id}`)).toEqual([]);
  network.close();
});
