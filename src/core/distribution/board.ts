/** The live board of a buy's distribution and the delivery record export. */
import { forbidden } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import { buyNotFound } from '../buys/access.ts';
import { buildingTitle, chinaTime, exportFilename, type Sheet } from '../buys/export-fns.ts';
import { renderXlsx } from '../buys/export-xlsx.ts';
import type { ExportFile } from '../buys/export.ts';
import { sortNaturally } from '../buys/summary-fns.ts';
import { loadBuy, notLeader } from './access.ts';
import { buildBoard, type Board } from './board-fns.ts';
import { canRunDistribution, packageScope } from './policies.ts';
import type { DistributionDeps } from './ports.ts';

/** GET /api/buys/{id}/board: per building counts and overdue packages (leader, admins; volunteers: theirs). */
export async function getBoard(deps: DistributionDeps, actor: Actor, buyId: string): Promise<Board> {
  const { buy, member } = await loadBuy(deps, buyId, actor);
  const scope = packageScope(member, buy);
  if (scope !== 'all' && scope.length === 0)
    throw forbidden('Only the leader, an admin or a building volunteer can see the board', 'not_buy_manager');
  const buildingIds = scope === 'all' ? null : scope;
  const [data, packages, reports, arrival, settings] = await Promise.all([
    deps.reports.loadReport(buyId, []),
    deps.repo.listPackages(buyId, buildingIds),
    deps.repo.listReports(buyId, { buildingIds }),
    deps.repo.findArrival(buyId),
    deps.repo.settings(buy.communityId),
  ]);
  if (!data) throw buyNotFound();
  return buildBoard({
    buildings: data.buildings,
    packages,
    reports,
    arrivedAt: arrival?.createdAt ?? null,
    staleHours: settings.staleHours,
    now: deps.clock.now(),
  });
}

const STATUS = { sorted: '待送', delivered: '已送到门口', picked_up: '已自提' } as const;
const REPORT = { open: '待处理', redelivered: '已补送', refunded: '已退款', rejected: '已驳回' } as const;

/** GET /api/buys/{id}/exports/deliveries.xlsx: every package, when and by whom it was handled (leader, admins). */
export async function exportDeliveryRecord(
  deps: DistributionDeps,
  actor: Actor,
  buyId: string,
): Promise<ExportFile> {
  const { buy, member } = await loadBuy(deps, buyId, actor);
  if (!canRunDistribution(member, buy)) throw notLeader();
  const [data, packages, reports] = await Promise.all([
    deps.reports.loadReport(buyId, []),
    deps.repo.listPackages(buyId, null),
    deps.repo.listReports(buyId, {}),
  ]);
  if (!data) throw buyNotFound();
  const names = new Map(data.buildings.map((b) => [b.id, b.name]));
  const time = (d: Date | null) => (d ? chinaTime(d) : '');
  const sorted = sortNaturally(
    packages,
    (p) => p.householdLabel,
    (a, b) => (a.code < b.code ? -1 : 1),
  );
  const sheet: Sheet = {
    name: '配送记录',
    widths: [10, 10, 10, 12, 18, 14, 18, 24],
    rows: [
      { cells: [`${data.buy.title} — 配送记录`], style: 'title' },
      { cells: ['导出时间', chinaTime(deps.clock.now())] },
      { cells: [] },
      {
        cells: ['楼栋', '房号', '取货码', '状态', '送达时间', '经手人', '居民确认', '问题反馈'],
        style: 'header',
      },
      ...sorted.map((p) => ({
        cells: [
          buildingTitle(names.get(p.buildingId) ?? ''),
          p.householdLabel,
          p.code,
          STATUS[p.status],
          time(p.deliveredAt),
          p.deliveredByName ?? '',
          time(p.confirmedAt),
          reports
            .filter((r) => r.packageId === p.id)
            .map((r) => `${r.kind === 'missing' ? '缺件' : '破损'}（${REPORT[r.status]}）`)
            .join('；'),
        ],
      })),
      {
        cells: [
          '合计',
          `${packages.length} 户`,
          '',
          `已送 ${packages.filter((p) => p.status !== 'sorted').length}`,
          '',
          '',
          `已确认 ${packages.filter((p) => p.confirmedAt).length}`,
          `待处理 ${reports.filter((r) => r.status === 'open').length}`,
        ],
        style: 'total',
      },
    ],
  };
  return {
    filename: exportFilename(data.buy.title, '配送记录', 'xlsx'),
    asciiFilename: `buy-${buyId.slice(0, 8)}-deliveries.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await renderXlsx([sheet], { title: data.buy.title }),
  };
}
