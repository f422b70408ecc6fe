import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { FormError } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { distributionApi } from './api.ts';
import type { DeliveryReport } from './types.ts';

/** Households' reports of missing or damaged goods, and the leader's three answers. */
export function ReportsCard(props: {
  buyId: string;
  reports: DeliveryReport[];
  manager: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  if (props.reports.length === 0) return null;
  return (
    <Card title={t('dist.reports.title')}>
      <ul className="report-list">
        {props.reports.map((r) => (
          <ReportRow key={r.id} report={r} manager={props.manager} onChanged={props.onChanged} />
        ))}
      </ul>
    </Card>
  );
}

function ReportRow({
  report,
  manager,
  onChanged,
}: {
  report: DeliveryReport;
  manager: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function resolve(resolution: 'redelivered' | 'refunded' | 'rejected') {
    setBusy(true);
    setError(null);
    try {
      await distributionApi.resolve(report.id, resolution, resolution === 'rejected' ? reason.trim() : null);
      toast(t(`dist.reports.done.${resolution}`), 'success');
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const qty = report.lines.reduce((n, l) => n + l.qty, 0);
  return (
    <li className="report">
      <div>
        <span className="household-label">{report.householdLabel}</span>{' '}
        <span className={`badge report-${report.status}`}>{t(`dist.reports.status.${report.status}`)}</span>
      </div>
      <p>
        {t(`dist.reports.kind.${report.kind}`, { count: qty })}
        {report.note ? `：${report.note}` : ''}
      </p>
      {report.hasPhoto ? (
        <a href={distributionApi.photoUrl(report.id)} target="_blank" rel="noreferrer">
          <img
            className="report-photo"
            src={distributionApi.photoUrl(report.id)}
            alt={t('dist.reports.photo')}
          />
        </a>
      ) : null}
      {report.resolutionReason ? <p className="muted">{report.resolutionReason}</p> : null}
      {manager && report.status === 'open' ? (
        <>
          <div className="button-row">
            <Button busy={busy} onClick={() => void resolve('refunded')}>
              {t('dist.reports.refund')}
            </Button>
            <Button variant="secondary" busy={busy} onClick={() => void resolve('redelivered')}>
              {t('dist.reports.redeliver')}
            </Button>
            <Button variant="ghost" onClick={() => setRejecting(!rejecting)}>
              {t('dist.reports.reject')}
            </Button>
          </div>
          {rejecting ? (
            <>
              <TextAreaField
                label={t('dist.reports.reason')}
                value={reason}
                maxLength={500}
                rows={2}
                onChange={(e) => setReason(e.target.value)}
              />
              <Button
                variant="danger"
                busy={busy}
                disabled={!reason.trim()}
                onClick={() => void resolve('rejected')}
              >
                {t('dist.reports.confirmReject')}
              </Button>
            </>
          ) : null}
          <FormError error={error} />
        </>
      ) : null}
    </li>
  );
}
