import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, seg } from '../../api-client.ts';
import { Card } from '../../components/card.tsx';
import { Icon, type IconName } from '../../components/icon.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { formatDate } from '../../format.ts';
import { useLoad, useRefreshWhileVisible } from '../../hooks.ts';
import { useMoney } from '../buys/ui.tsx';
import { spacedCode } from '../distribution/code-input.ts';
import type { TodoTask } from '../../../../src/core/todo/model.ts';
import './todo.css';

/** A proxy household's task opens the volunteer's page for it (代付, 代收退款, 代签收); the caller's own, theirs. */
const forQuery = (task: { forHousehold?: { id: string } }) =>
  task.forHousehold ? `?household=${encodeURIComponent(task.forHousehold.id)}` : '';

/** Where each task is done, and its icon. */
function target(task: TodoTask, base: string): { to: string; icon: IconName } {
  switch (task.kind) {
    case 'claims':
      return { to: `${base}/verify`, icon: 'shield' };
    case 'suppliers':
      return { to: `${base}/suppliers`, icon: 'truck' };
    case 'in_need':
      return { to: `${base}/care`, icon: 'heart' };
    case 'setup_rooms':
      return { to: `${base}/admin/setup`, icon: 'building' };
    case 'invite':
      return { to: `${base}/admin/invites`, icon: 'qr' };
    case 'help_waiting':
      return { to: `${base}/street?kind=need`, icon: 'chat' };
    case 'reports':
      return { to: `${base}/buys/${task.buyId}/board#reports`, icon: 'inbox' };
    case 'deliver':
      // The leader follows every building on the board; a volunteer marks their own doors.
      return {
        to: `${base}/buys/${task.buyId}/${task.allBuildings ? 'board' : 'deliveries'}`,
        icon: 'building',
      };
    case 'arrival':
      return { to: `${base}/buys/${task.buyId}/arrival`, icon: 'clock' };
    case 'payments':
      return { to: `${base}/buys/${task.buyId}/money`, icon: 'check' };
    case 'payment_qr':
      return { to: `${base}/buys/${task.buyId}/money#qr`, icon: 'qr' };
    case 'unpaid':
      return { to: `${base}/buys/${task.buyId}/money?unpaid=1#households`, icon: 'clock' };
    case 'refund_due':
      return { to: `${base}/buys/${task.buyId}/money?refund=1#households`, icon: 'clock' };
    case 'confirm':
    case 'finish':
    case 'publish':
      return { to: `${base}/buys/${task.buyId}/manage`, icon: 'cart' };
    case 'pay':
      return { to: `${base}/buys/${task.buyId}/pay${forQuery(task)}`, icon: 'cart' };
    case 'refund':
      return { to: `${base}/buys/${task.buyId}/pay${forQuery(task)}#refunds`, icon: 'check' };
    case 'receipt':
      return { to: `${base}/buys/${task.buyId}/package${forQuery(task)}`, icon: 'check' };
    case 'pickup':
      return { to: `${base}/buys/${task.buyId}/package`, icon: 'qr' };
  }
}

function TaskRow({ task, base }: { task: TodoTask; base: string }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const { to, icon } = target(task, base);
  const forHousehold = 'forHousehold' in task ? task.forHousehold : undefined;
  const proxy = forHousehold ? 'todo.proxy.' : 'todo.';
  const what =
    task.kind === 'pay'
      ? t(`${proxy}${task.disputed ? 'payDisputed' : 'pay'}`, { amount: money(task.dueFen) })
      : task.kind === 'refund'
        ? t(`${proxy}refund`, { amount: money(task.amountFen) })
        : task.kind === 'receipt'
          ? t(`${proxy}receipt`)
          : task.kind === 'pickup'
            ? t(`todo.pickup.${task.pickupMode}`, { code: spacedCode(task.code) })
            : task.kind === 'arrival'
              ? task.deliveryDate
                ? t('todo.arrivalOn', { date: formatDate(task.deliveryDate, i18n.language) })
                : t('todo.arrival')
              : task.kind === 'deliver'
                ? t(task.allBuildings ? 'todo.deliverAll' : 'todo.deliverMine', { count: task.count })
                : task.kind === 'in_need'
                  ? t('todo.in_need', { count: task.count, days: task.days })
                  : task.kind === 'help_waiting'
                    ? t('todo.help_waiting', { count: task.count, hours: task.hours })
                    : 'count' in task
                      ? t(`todo.${task.kind}`, { count: task.count })
                      : t(`todo.${task.kind}`);
  return (
    <li className={`todo todo-${task.kind}`} data-testid="todo">
      <Link to={to} className="todo-link">
        <Icon name={icon} size={22} className="todo-icon" />
        <span className="todo-text">
          {forHousehold ? (
            <span className="badge badge-proxy todo-for" data-testid="todo-for">
              {t('notifications.onBehalf', { label: forHousehold.label })}
            </span>
          ) : null}
          <span className="todo-what">{what}</span>
          {task.kind === 'deliver' && task.overdueHours !== null ? (
            <span className="todo-overdue">{t('todo.overdue', { count: task.overdueHours })}</span>
          ) : null}
          {'title' in task ? <span className="muted todo-buy">{task.title}</span> : null}
        </span>
        <span className="chevron" aria-hidden="true">
          ›
        </span>
      </Link>
    </li>
  );
}

/** How often a role holder's open home asks again (tasks change as volunteers deliver and households pay). */
const REFRESH_MS = 60_000;

/**
 * The compound home's 「待办」 (docs/todo.md): what to do next, most urgent first, each a link to the page where
 * it is done. A leader's, building volunteer's or admin's is loaded with the page, again when the phone comes
 * back to it and every minute while it is shown (a handful of phones per compound), and says so when there is
 * nothing. A resident's (their household's: pay, confirm a package, a package waiting) is asked with the page and
 * when the phone comes back to it, and shows only when it has something.
 */
export function TodoCard({ communityId, staff }: { communityId: string; staff: boolean }) {
  const { t } = useTranslation();
  const todo = useLoad(
    (signal) => api.get<{ tasks: TodoTask[] }>(`/api/communities/${seg(communityId)}/todo`, { signal }),
    [communityId],
  );
  useRefreshWhileVisible(todo.reload, staff ? REFRESH_MS : null);
  // A refresh that fails (the phone between two stairwells) keeps the list it had rather than an error.
  const shown = useRef<TodoTask[] | null>(null);
  if (todo.status === 'ready') shown.current = todo.data.tasks;
  const tasks = shown.current;
  const base = `/c/${communityId}`;
  // A resident's home stays as it was until there is something for them to do.
  if (!staff && (tasks === null || tasks.length === 0)) return null;
  return (
    <Card title={t('todo.title')}>
      {tasks === null ? (
        todo.status === 'error' ? (
          <ErrorState error={todo.error} onRetry={todo.reload} />
        ) : (
          <Loading />
        )
      ) : tasks.length === 0 ? (
        <p className="muted todo-none">{t('todo.none')}</p>
      ) : (
        <ul className="list-plain todo-list" data-testid="todo-list">
          {tasks.map((task) => (
            <TaskRow
              key={`${task.kind}:${'buyId' in task ? task.buyId : ''}:${'forHousehold' in task ? (task.forHousehold?.id ?? '') : ''}`}
              task={task}
              base={base}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}
