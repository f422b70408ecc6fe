/** GET /api/communities/{id}/exports/coverage.xlsx: 物资覆盖's left-out households as a sheet (docs/coverage.md). */
import { buildingTitle, chinaTime, exportFilename, type Sheet } from '../buys/export-fns.ts';
import type { ExportFile } from '../buys/export.ts';
import { renderXlsx } from '../buys/export-xlsx.ts';
import type { Actor } from '../shared/actor.ts';
import { ADMIN_OR_VOLUNTEER, ensure, loadCommunity } from './access.ts';
import type { CoverageDeps, HouseholdContact } from './coverage.ts';
import { allLeftOut } from './coverage-fns.ts';
import type { HouseholdNeed } from './needs-fns.ts';
import { canSeeCoverage, privateScope } from './policies.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

const NEED: Record<HouseholdNeed, string> = {
  elderly_alone: '独居老人',
  medication: '长期用药',
  mobility: '行动不便',
  infant: '孕妇或婴幼儿',
  other: '其他',
};

/**
 * The caller's buildings' left-out households (an admin's: the compound's) with their needs and whom to call:
 * the list a committee prints for the volunteers' rounds, or sends on. The same people, and the same scope, as
 * 物资覆盖's lists (canSeeCoverage, privateScope).
 */
export async function exportCoverage(
  deps: CoverageDeps,
  actor: Actor,
  input: { communityId: string; days: number },
): Promise<ExportFile> {
  const { community, me } = await loadCommunity(deps.repo, actor, input.communityId);
  ensure(canSeeCoverage(me, input.communityId), ADMIN_OR_VOLUNTEER);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - input.days * DAY_MS);
  const rows = await deps.coverage.coverageRows(input.communityId, privateScope(me, input.communityId));
  const leftOut = allLeftOut(rows, since);
  const contacts =
    leftOut.length > 0
      ? await deps.coverage.contacts(leftOut.map((r) => r.householdId))
      : new Map<string, HouseholdContact[]>();
  const sheet: Sheet = {
    name: '物资覆盖',
    widths: [10, 10, 18, 22, 30, 8, 22, 28],
    rows: [
      { cells: [`${community.name} — 近 ${input.days} 天没收到物资的住户`], style: 'title' },
      { cells: ['导出时间', chinaTime(now), '统计起点', chinaTime(since)] },
      { cells: [] },
      {
        cells: ['楼栋', '房号', '上次收到', '需照顾', '情况说明', '代管户', '联系人', '电话'],
        style: 'header',
      },
      ...leftOut.map((r) => {
        const people = contacts.get(r.householdId) ?? [];
        return {
          cells: [
            buildingTitle(r.buildingName),
            r.label,
            r.lastReceivedAt ? chinaTime(r.lastReceivedAt) : '从没收到过',
            r.needs.map((n) => NEED[n]).join('、'),
            r.needsNote ?? '',
            r.isProxy ? '是' : '',
            people.map((c) => (c.proxy ? `${c.name}（代管联系人）` : c.name)).join('；') ||
              (r.members === 0 && !r.isProxy ? '没人注册' : ''),
            people
              .map((c) => c.phone ?? '')
              .filter(Boolean)
              .join('；'),
          ],
        };
      }),
      {
        cells: [
          '合计',
          `${leftOut.length} 户`,
          '',
          `需照顾 ${leftOut.filter((r) => r.needs.length > 0).length} 户`,
          '',
          `${leftOut.filter((r) => r.isProxy).length} 户`,
        ],
        style: 'total',
      },
    ],
  };
  return {
    filename: exportFilename(community.name, `物资覆盖-近${input.days}天`, 'xlsx'),
    asciiFilename: `coverage-${input.days}d.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await renderXlsx([sheet], { title: community.name }),
  };
}
