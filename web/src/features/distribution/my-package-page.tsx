import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { prepareImage } from '../../image-upload.ts';
import { sendWithPhoto } from '../../attach.ts';
import { FilePicker } from '../../components/file-picker.tsx';
import { useBuyEvents } from '../buys/live.ts';
import { useMoney } from '../buys/ui.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { distributionApi } from './api.ts';
import { spacedCode } from './code-input.ts';
import type { DeliveryReport, MyPackage } from './types.ts';
import './distribution.css';
import { Segmented } from '../../components/segmented.tsx';

/**
 * /c/:id/buys/:buyId/package: my household's package: code, what it holds after a shortage, refund, problems.
 * With `?household=`: a proxy household's, for the volunteer who receives for it (代签收: confirm, report).
 */
export function MyPackagePage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const [search] = useSearchParams();
  const forHousehold = search.get('household') ?? undefined;
  const { community } = useCompound();
  const money = useMoney();
  const toast = useToast();
  const mine = useLoad((signal) => distributionApi.mine(buyId, signal, forHousehold), [buyId, forHousehold]);
  useBuyEvents(buyId, async () => mine.reload());
  const [reporting, setReporting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Receiving for a neighbour: back to 送货到户, where the volunteer came from.
  const back = `/c/${community.id}/buys/${buyId}${forHousehold ? '/deliveries' : ''}`;

  if (mine.status === 'loading') return <Loading />;
  if (mine.status === 'error')
    return (
      <Page back={back} title={t('dist.mine.title')}>
        <ErrorState error={mine.error} onRetry={mine.reload} />
      </Page>
    );
  const m = mine.data;
  const pkg = m.package;
  const onBehalf = m.household.onBehalf;
  const title = onBehalf ? t('dist.mine.titleFor', { label: m.household.label }) : t('dist.mine.title');
  // 代签收 says the neighbour has the goods in hand: not before the package is marked delivered.
  const notDelivered = onBehalf && pkg?.status === 'sorted';

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await distributionApi.confirm(buyId, forHousehold);
      toast(t(onBehalf ? 'dist.mine.confirmedFor' : 'dist.mine.confirmed'), 'success');
      mine.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page back={back} title={title}>
      {onBehalf ? (
        <p className="muted" data-testid="receive-for-hint">
          {t('dist.mine.forHint')}
        </p>
      ) : null}
      {!pkg ? <EmptyState icon="inbox" title={t('dist.mine.noPackage')} /> : null}
      {pkg ? (
        <Card>
          <p className="muted">{t('dist.mine.code')}</p>
          <p className="big-code" aria-label={t('dist.mine.code')}>
            {spacedCode(pkg.code)}
          </p>
          {m.qr && !onBehalf ? (
            <figure className="pickup-qr">
              <img src={m.qr} alt={t('dist.mine.qrAlt')} data-testid="pickup-qr" />
              <figcaption className="muted secondary">{t('dist.mine.showQr')}</figcaption>
            </figure>
          ) : null}
          <p>
            <span className={`badge pkg-status pkg-${pkg.status}`}>
              {/* Waiting downstairs or at the gate is 待取, not 待送 (the volunteers' word for their doors). */}
              {pkg.status === 'sorted' && m.pickupMode !== 'door'
                ? t('dist.mine.toPickUp')
                : t(`dist.status.${pkg.status}`)}
            </span>{' '}
            {pkg.confirmedAt ? (
              <span className="badge pkg-confirmed">{t('dist.status.confirmed')}</span>
            ) : null}
          </p>
          {pkg.status === 'sorted' && !onBehalf ? (
            <p className="pkg-how">{t(`dist.mine.how.${m.pickupMode}`)}</p>
          ) : null}
          {notDelivered ? <p className="muted">{t('dist.mine.deliverFirst')}</p> : null}
          {!pkg.confirmedAt ? (
            <div className="button-row">
              <Button busy={busy} disabled={notDelivered} onClick={() => void confirm()}>
                {t(onBehalf ? 'dist.mine.confirmFor' : 'dist.mine.confirm')}
              </Button>
              <Button variant="secondary" onClick={() => setReporting(true)}>
                {t('dist.mine.report')}
              </Button>
            </div>
          ) : (
            <Button variant="secondary" onClick={() => setReporting(true)}>
              {t('dist.mine.report')}
            </Button>
          )}
          <FormError error={error} />
          {onBehalf && forHousehold ? (
            <ButtonLink
              variant="ghost"
              block
              to={`/c/${community.id}/buys/${buyId}/pay?household=${encodeURIComponent(forHousehold)}`}
            >
              {t('dist.mine.payFor')}
            </ButtonLink>
          ) : null}
        </Card>
      ) : null}
      <Lines mine={m} />
      {m.refundFen > 0 ? (
        <p className="refund-due" role="status">
          {t('dist.mine.refundDue', { amount: money(m.refundFen) })}
        </p>
      ) : null}
      {reporting && pkg ? (
        <ReportForm
          mine={m}
          householdId={forHousehold}
          onDone={() => {
            setReporting(false);
            mine.reload();
          }}
        />
      ) : null}
      {m.reports.length > 0 ? (
        <Card title={t(onBehalf ? 'dist.mine.reportsFor' : 'dist.mine.reports')}>
          <ul className="report-list">
            {m.reports.map((r) => (
              <li key={r.id} className="report">
                <span className={`badge report-${r.status}`}>{t(`dist.reports.status.${r.status}`)}</span>{' '}
                {t(`dist.reports.kind.${r.kind}`, { count: r.lines.reduce((n, l) => n + l.qty, 0) })}
                {r.resolutionReason ? <p className="muted">{r.resolutionReason}</p> : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </Page>
  );
}

function Lines({ mine }: { mine: MyPackage }) {
  const { t } = useTranslation();
  if (mine.lines.length === 0) return null;
  return (
    <Card title={t('dist.mine.contents')}>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('dist.col.item')}</th>
            <th className="num">{t('dist.col.allocated')}</th>
            <th className="num">{t('dist.col.received')}</th>
          </tr>
        </thead>
        <tbody>
          {mine.lines.map((l) => (
            <tr key={l.itemId}>
              <td>
                {l.name}
                {l.refundedQty > 0 ? (
                  <div className="muted">{t('dist.mine.refunded', { count: l.refundedQty })}</div>
                ) : null}
              </td>
              <td className="num">{l.allocatedQty}</td>
              <td className={l.receivedQty < l.allocatedQty ? 'num short' : 'num'}>{l.receivedQty}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function ReportForm({
  mine,
  householdId,
  onDone,
}: {
  mine: MyPackage;
  householdId: string | undefined;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [kind, setKind] = useState<'missing' | 'damaged'>('missing');
  const [qty, setQty] = useState<Record<string, number>>({});
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  // Once the report is stored, a press after its photo failed sends only the photo (src/attach.ts).
  const sent = useRef<DeliveryReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lines = Object.entries(qty)
    .filter(([, q]) => q > 0)
    .map(([itemId, q]) => ({ itemId, qty: q }));

  async function send() {
    setBusy(true);
    setError(null);
    try {
      await sendWithPhoto(
        sent,
        () => distributionApi.report(mine.buyId, { kind, note: note.trim() || null, lines }, householdId),
        photo ? async (report) => distributionApi.reportPhoto(report.id, await prepareImage(photo)) : null,
      );
      toast(t('dist.mine.reported'), 'success');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('dist.mine.reportTitle')}>
      <Segmented
        kind="radio"
        options={['missing', 'damaged'] as const}
        value={kind}
        onChange={setKind}
        label={t('dist.mine.kind')}
      >
        {(k) => t(`dist.mine.kinds.${k}`)}
      </Segmented>
      {mine.lines
        .filter((l) => l.receivedQty - l.refundedQty > 0)
        .map((l) => {
          const max = l.receivedQty - l.refundedQty;
          const value = qty[l.itemId] ?? 0;
          return (
            <div key={l.itemId} className="stepper-row">
              <span>{l.name}</span>
              <div className="package-stepper">
                <button
                  type="button"
                  className="chip"
                  aria-label={t('dist.mine.less', { name: l.name })}
                  disabled={value <= 0}
                  onClick={() => setQty({ ...qty, [l.itemId]: value - 1 })}
                >
                  −
                </button>
                <output aria-label={l.name}>{value}</output>
                <button
                  type="button"
                  className="chip"
                  aria-label={t('dist.mine.more', { name: l.name })}
                  disabled={value >= max}
                  onClick={() => setQty({ ...qty, [l.itemId]: value + 1 })}
                >
                  +
                </button>
              </div>
            </div>
          );
        })}
      <TextAreaField
        label={t('dist.mine.note')}
        value={note}
        rows={2}
        maxLength={500}
        onChange={(e) => setNote(e.target.value)}
      />
      <FilePicker
        id="report-photo"
        label={t('dist.mine.photo')}
        choose={t('dist.mine.choosePhoto')}
        accept="image/*"
        file={photo}
        onPick={setPhoto}
        onClear={() => setPhoto(null)}
      />
      <FormError error={error} />
      <Button block busy={busy} disabled={lines.length === 0} onClick={() => void send()}>
        {t('dist.mine.send')}
      </Button>
    </Card>
  );
}

export default MyPackagePage;
