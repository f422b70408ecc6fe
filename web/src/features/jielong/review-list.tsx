import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../../components/card.tsx';
import type { BuyItem } from '../buys/types.ts';
import { draftProblem, type Draft } from './review-state.ts';
import type { ImportPreview, QtyLine, ReviewLine } from './types.ts';

interface Props {
  preview: ImportPreview;
  items: BuyItem[];
  drafts: Record<number, Draft>;
  households: ReadonlyMap<string, { id: string; label: string }>;
  onChange(line: number, draft: Draft): void;
}

function useItemsText(items: BuyItem[]) {
  const names = new Map(items.map((i) => [i.id, i.name]));
  return (lines: QtyLine[]) =>
    lines
      .filter((l) => l.qty > 0)
      .map((l) => `${names.get(l.itemId) ?? '?'}×${l.qty}`)
      .join(' ');
}

/** The review: unsure lines first (they need the leader), then understood, unreadable and done. */
export function ReviewList({ preview, items, drafts, households, onChange }: Props) {
  const { t } = useTranslation();
  const itemsText = useItemsText(items);
  const by = (s: ReviewLine['status']) => preview.lines.filter((l) => l.status === s);
  const unsure = by('unsure');
  const understood = by('understood');
  const unreadable = by('unreadable');
  const done = by('done');
  return (
    <>
      <p className="jielong-counts" data-testid="jielong-counts">
        {t('jielong.review.counts', {
          understood: preview.counts.understood,
          unsure: preview.counts.unsure,
          unreadable: preview.counts.unreadable,
          done: preview.counts.done,
        })}
      </p>
      {unsure.length > 0 ? (
        <Card title={t('jielong.review.unsure', { count: unsure.length })}>
          <ul className="list-plain jielong-review">
            {unsure.map((l) => (
              <UnsureLine
                key={l.line}
                line={l}
                items={items}
                draft={drafts[l.line]!}
                households={households}
                currentText={l.current ? itemsText(l.current) : null}
                onChange={(d) => onChange(l.line, d)}
              />
            ))}
          </ul>
          <datalist id="jielong-households">
            {preview.households.map((h) => (
              <option key={h.id} value={h.label} />
            ))}
          </datalist>
        </Card>
      ) : null}
      {understood.length > 0 ? (
        <Card title={t('jielong.review.understood', { count: understood.length })}>
          <ul className="list-plain jielong-review">
            {understood.map((l) => {
              const d = drafts[l.line]!;
              return (
                <li key={l.line} data-testid="jielong-understood">
                  <label className="switch-row">
                    <input
                      type="checkbox"
                      checked={d.include}
                      onChange={(e) => onChange(l.line, { ...d, include: e.target.checked })}
                    />
                    <span className="jielong-line">
                      <span className="muted">{t('jielong.review.lineNo', { line: l.line })}</span>{' '}
                      <strong className="household-label">{l.label}</strong> {itemsText(l.items)}
                      {l.note ? <small className="muted secondary"> · {l.note}</small> : null}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </Card>
      ) : null}
      {unreadable.length > 0 ? (
        <Card title={t('jielong.review.unreadable', { count: unreadable.length })}>
          <ul className="list-plain jielong-review">
            {unreadable.map((l) => (
              <li key={l.line} data-testid="jielong-unreadable">
                <span className="muted">{t('jielong.review.lineNo', { line: l.line })}</span> <q>{l.text}</q>
                <br />
                <small className="muted">{l.reasons.map((r) => t(`jielong.reason.${r}`)).join('；')}</small>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {done.length > 0 ? (
        <details className="card jielong-done">
          <summary>{t('jielong.review.done', { count: done.length })}</summary>
          <ul className="list-plain jielong-review">
            {done.map((l) => (
              <li key={l.line}>
                <span className="muted">{t('jielong.review.lineNo', { line: l.line })}</span> {l.text}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function UnsureLine({
  line,
  items,
  draft,
  households,
  currentText,
  onChange,
}: {
  line: ReviewLine;
  items: BuyItem[];
  draft: Draft;
  households: ReadonlyMap<string, { id: string }>;
  currentText: string | null;
  onChange(d: Draft): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const problem = draft.include ? draftProblem(draft, households) : null;
  return (
    <li className="jielong-unsure" data-testid="jielong-unsure">
      <p>
        <span className="muted">{t('jielong.review.lineNo', { line: line.line })}</span> <q>{line.text}</q>
      </p>
      <p className="jielong-reasons">{line.reasons.map((r) => t(`jielong.reason.${r}`)).join('；')}</p>
      {currentText !== null ? (
        <p className="muted">{t('jielong.review.current', { items: currentText || '—' })}</p>
      ) : null}
      <div className="jielong-fix">
        <label className="field" htmlFor={`${id}-h`}>
          <span>{t('jielong.review.household')}</span>
          <input
            id={`${id}-h`}
            list="jielong-households"
            value={draft.label}
            inputMode="text"
            autoComplete="off"
            placeholder="3-502"
            onChange={(e) => onChange({ ...draft, label: e.target.value })}
            data-testid="jielong-fix-household"
          />
        </label>
        {draft.action === 'add'
          ? items.map((item) => (
              <label key={item.id} className="field jielong-qty" htmlFor={`${id}-${item.id}`}>
                <span>{item.name}</span>
                <input
                  id={`${id}-${item.id}`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={item.perHouseholdMax ?? 9999}
                  value={draft.qty[item.id] ?? 0}
                  onChange={(e) =>
                    onChange({
                      ...draft,
                      qty: {
                        ...draft.qty,
                        [item.id]: Math.max(0, Math.min(9999, Math.floor(Number(e.target.value) || 0))),
                      },
                    })
                  }
                  data-testid="jielong-fix-qty"
                />
              </label>
            ))
          : null}
      </div>
      <label className="switch-row">
        <input
          type="checkbox"
          checked={draft.include}
          onChange={(e) => onChange({ ...draft, include: e.target.checked })}
          data-testid="jielong-fix-include"
        />
        <span>
          <strong>
            {draft.action === 'cancel' ? t('jielong.review.confirmCancel') : t('jielong.review.include')}
          </strong>
        </span>
      </label>
      {problem ? (
        <p className="field-error" role="alert">
          {t(`jielong.review.problem.${problem}`)}
        </p>
      ) : null}
    </li>
  );
}
