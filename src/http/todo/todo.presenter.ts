/** What the to-do route sends: each task's fields picked by its kind. */
import type { TodoTask } from '../../core/todo/model.ts';

/** A proxy household's task (代付, 代收退款, 代签收) names it; the caller's own household's has nothing here. */
const forHousehold = (t: { forHousehold?: { id: string; label: string } }) =>
  t.forHousehold ? { forHousehold: { id: t.forHousehold.id, label: t.forHousehold.label } } : {};

export function presentTask(t: TodoTask) {
  switch (t.kind) {
    case 'claims':
    case 'suppliers':
      return { kind: t.kind, count: t.count };
    case 'setup_rooms':
    case 'invite':
      return { kind: t.kind };
    case 'in_need':
      return { kind: t.kind, count: t.count, days: t.days };
    case 'help_waiting':
      return { kind: t.kind, count: t.count, hours: t.hours };
    case 'reports':
    case 'payments':
    case 'unpaid':
    case 'refund_due':
      return { kind: t.kind, count: t.count, buyId: t.buyId, title: t.title };
    case 'deliver':
      return {
        kind: t.kind,
        count: t.count,
        allBuildings: t.allBuildings,
        overdueHours: t.overdueHours,
        buyId: t.buyId,
        title: t.title,
      };
    case 'arrival':
      return { kind: t.kind, deliveryDate: t.deliveryDate, buyId: t.buyId, title: t.title };
    case 'confirm':
    case 'payment_qr':
    case 'finish':
    case 'publish':
      return { kind: t.kind, buyId: t.buyId, title: t.title };
    case 'receipt':
      return { kind: t.kind, buyId: t.buyId, title: t.title, ...forHousehold(t) };
    case 'pay':
      return {
        kind: t.kind,
        dueFen: t.dueFen,
        disputed: t.disputed,
        buyId: t.buyId,
        title: t.title,
        ...forHousehold(t),
      };
    case 'refund':
      return { kind: t.kind, amountFen: t.amountFen, buyId: t.buyId, title: t.title, ...forHousehold(t) };
    case 'pickup':
      return { kind: t.kind, code: t.code, pickupMode: t.pickupMode, buyId: t.buyId, title: t.title };
  }
}
