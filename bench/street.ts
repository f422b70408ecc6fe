/**
 * 邻里街坊 at compound scale, on the embedded database (or BENCH_DATABASE_URL's PostgreSQL): N households, a
 * board of P posts (every fourth a help request, a third of those taken) with replies, and the reads and
 * writes a resident makes, timed through the HTTP layer (inject): the board's first page, a kind, a page deep
 * in the cursor, "mine", a post with its replies, putting a post up, taking and releasing a help request, and
 * the admin's 待办 (which counts the help requests nobody has taken). Prints figures and ratios; asserts nothing.
 *
 *   node --import tsx bench/street.ts [households=5000] [posts=3000]
 */
import { performance } from 'node:perf_hooks';
import { inProcessApp } from './in-process.ts';

const n = Number(process.argv[2] ?? 5000);
const p = Number(process.argv[3] ?? 3000);
const { handle, container, seed, inject, close } = await inProcessApp(n);
const hh = seed.households;
const community = seed.communityId;

/** Runs `fn` `times` times one after another; prints the median and the slowest, in ms. */
async function timed(label: string, times: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn(i);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)]!;
  console.log(
    `${label.padEnd(52)} median ${median.toFixed(1).padStart(6)} ms   max ${ms.at(-1)!.toFixed(1).padStart(6)} ms   (${times}×)`,
  );
  return median;
}

const KINDS = ['need', 'offer', 'swap', 'tip'] as const;
const start = performance.now();
const ids: string[] = [];
// Households post in turn (at most four each, under the limit of five), 50 at a time.
for (let i = 0; i < p; i += 50) {
  const made = await Promise.all(
    Array.from({ length: Math.min(50, p - i) }, (_, k) => {
      const j = i + k;
      return inject('POST', `/api/communities/${community}/posts`, hh[j % hh.length]!.token, {
        kind: KINDS[j % 4],
        title: `第 ${j} 条：${KINDS[j % 4] === 'need' ? '求一盒退烧药' : '多了两袋大米'}`,
        body: '家里老人发烧，药店关门，谁家有多的先借一盒，明天团到了还。'.repeat(2),
      });
    }),
  );
  ids.push(...made.map((r) => (r.json() as { id: string }).id));
}
const putUp = performance.now() - start;
// A third of the help requests taken by the next household; three replies on every tenth post.
let replies = 0;
for (let i = 0; i < ids.length; i += 50)
  await Promise.all(
    ids.slice(i, i + 50).map(async (id, k) => {
      const j = i + k;
      if (j % 4 === 0 && j % 3 === 0)
        await inject('POST', `/api/posts/${id}/take`, hh[(j + 1) % hh.length]!.token);
      if (j % 10 === 0)
        for (let r = 1; r <= 3; r++) {
          await inject('POST', `/api/posts/${id}/replies`, hh[(j + r) % hh.length]!.token, {
            body: '我家有，放你门口',
          });
          replies++;
        }
    }),
  );
await container.notifier.flush();
await container.realtime.flush();
console.log(
  `${handle.kind}: ${n} households, ${ids.length} posts put up in ${(putUp / 1000).toFixed(1)} s ` +
    `(${((ids.length / putUp) * 1000).toFixed(0)}/s, 50 at a time), ${replies} replies`,
);

const reader = hh[n - 1]!.token;
const first = await timed('board, first page (20)', 50, () =>
  inject('GET', `/api/communities/${community}/posts`, reader),
);
await timed('board, help requests only', 50, () =>
  inject('GET', `/api/communities/${community}/posts?kind=need`, reader),
);
await timed('board, ended posts', 20, () =>
  inject('GET', `/api/communities/${community}/posts?state=ended`, reader),
);
// Fifty pages in: the cursor of page 50, then that page read 50 times.
let cursor: string | null = null;
for (let page = 0; page < 50 && (page === 0 || cursor); page++) {
  const res = await inject(
    'GET',
    `/api/communities/${community}/posts${cursor ? `?before=${encodeURIComponent(cursor)}` : ''}`,
    reader,
  );
  cursor = (res.json() as { nextCursor: string | null }).nextCursor;
}
const deep = cursor
  ? await timed('board, page 51 (by cursor)', 50, () =>
      inject('GET', `/api/communities/${community}/posts?before=${encodeURIComponent(cursor!)}`, reader),
    )
  : NaN;
await timed('board, mine (a household that posted once)', 50, () =>
  inject('GET', `/api/communities/${community}/posts?mine=true`, hh[0]!.token),
);
await timed('a post with its 3 replies', 50, () => inject('GET', `/api/posts/${ids[0]}`, reader));
const put = await timed('put a post up, then close it', 50, (i) =>
  inject('POST', `/api/communities/${community}/posts`, hh[(p + i) % hh.length]!.token, {
    kind: 'offer',
    title: `压测 ${i}`,
  }).then((r) =>
    inject('POST', `/api/posts/${(r.json() as { id: string }).id}/close`, hh[(p + i) % hh.length]!.token),
  ),
);
const needs = ids.filter((_, j) => j % 4 === 0 && j % 3 !== 0);
await timed('take, then release, a help request', 50, (i) =>
  inject('POST', `/api/posts/${needs[i]}/take`, reader).then(() =>
    inject('POST', `/api/posts/${needs[i]}/release`, reader),
  ),
);
await timed('reply', 50, (i) =>
  inject('POST', `/api/posts/${needs[i]}/replies`, reader, { body: '还要吗？' }),
);
const todo = await timed("the admin's 待办 (help_waiting among its reads)", 20, () =>
  inject('GET', `/api/communities/${community}/todo`, seed.admin.token),
);
console.log(
  `ratios: page 51 / first page ${(deep / first).toFixed(2)}, ` +
    `put a post up and close it / first page ${(put / first).toFixed(2)}, 待办 / first page ${(todo / first).toFixed(2)}`,
);
await close();
