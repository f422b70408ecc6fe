import { Fragment, lazy, Suspense, useState, type FormEvent } from 'react';
import { ApiError } from '../../api-client.ts';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { useBuyEvents } from '../buys/live.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { distributionApi } from './api.ts';
import { normalizeCode, spacedCode } from './code-input.ts';
import type { SortingList } from './types.ts';
import './distribution.css';
import { Segmented } from '../../components/segmented.tsx';
import { NeedBadges } from '../verify/need-badges.tsx';

// The decoder (jsQR, ~130 KB) loads only when a volunteer opens the camera: typing a code needs none of it.
const QrScanner = lazy(() => import('./qr-scanner.tsx').then((m) => ({ default: m.QrScanner })));

/** /c/:id/buys/:buyId/deliveries: a volunteer's phone screen: type or scan a code, mark it delivered. */
export function DeliveriesPage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const [search] = useSearchParams();
  const { community } = useCompound();
  const toast = useToast();
  const list = useLoad((signal) => distributionApi.packages(buyId, signal), [buyId]);
  useBuyEvents(buyId, async () => list.reload());
  const [code, setCode] = useState(() => search.get('code') ?? '');
  const [method, setMethod] = useState<'door' | 'pickup'>('door');
  const [scanning, setScanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [showAll, setShowAll] = useState(false);
  const back = `/c/${community.id}/buys/${buyId}`;

  async function mark(raw: string) {
    const normal = normalizeCode(raw);
    if (!normal) {
      setError(new ApiError(422, 'bad_code', t('errors.bad_code')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const pkg = await distributionApi.deliver(buyId, normal, method);
      toast(t('dist.deliver.done', { label: pkg.householdLabel }), 'success');
      setCode('');
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void mark(code);
  };

  return (
    <Page back={back} title={t('dist.deliver.title')}>
      <Card>
        <form onSubmit={submit} className="deliver-form">
          <div className="field">
            <label htmlFor="pickup-code">{t('dist.deliver.code')}</label>
            <input
              id="pickup-code"
              className="code-input"
              value={code}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              maxLength={300}
              placeholder="AC3 D4E"
              onChange={(e) => setCode(e.target.value)}
            />
          </div>
          <Segmented
            kind="radio"
            options={['door', 'pickup'] as const}
            value={method}
            onChange={setMethod}
            label={t('dist.deliver.method')}
          >
            {(m) => t(`dist.method.${m}`)}
          </Segmented>
          <FormError error={error} />
          <Button type="submit" block busy={busy} disabled={!code.trim()}>
            {t('dist.deliver.mark')}
          </Button>
          <Button variant="secondary" block onClick={() => setScanning(true)}>
            {t('dist.scan.open')}
          </Button>
        </form>
      </Card>
      {scanning ? (
        <Suspense fallback={<Loading />}>
          <QrScanner
            onClose={() => setScanning(false)}
            onCode={(text) => {
              setScanning(false);
              setCode(normalizeCode(text) ?? text);
              void mark(text);
            }}
          />
        </Suspense>
      ) : null}
      {list.status === 'loading' ? <Loading /> : null}
      {list.status === 'error' ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.status === 'ready' ? (
        <PackageList list={list.data} showAll={showAll} onToggle={() => setShowAll(!showAll)} />
      ) : null}
    </Page>
  );
}

function PackageList({
  list,
  showAll,
  onToggle,
}: {
  list: SortingList;
  showAll: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  if (list.buildings.length === 0) return <EmptyState icon="inbox" title={t('dist.deliver.none')} />;
  return (
    <>
      <div className="button-row">
        <button
          type="button"
          className={showAll ? 'chip' : 'chip chip-on'}
          onClick={onToggle}
          aria-pressed={!showAll}
        >
          {t('dist.deliver.onlyOpen')}
        </button>
      </div>
      {list.buildings.map((b) => {
        const open = b.households.filter((h) => h.status === 'sorted').length;
        const rows = showAll ? b.households : b.households.filter((h) => h.status === 'sorted');
        return (
          <Card
            key={b.buildingId}
            title={t('dist.buildingName', { name: b.name })}
            action={
              <span className="muted">{t('dist.deliver.left', { open, total: b.households.length })}</span>
            }
          >
            <ul className="package-list">
              {rows.map((h) => (
                <li key={h.orderId} className={`package package-${h.status ?? 'none'}`}>
                  <span className="household-label package-room">{h.label}</span>
                  <span className="package-items">
                    {/* "牛奶×1" is never split over two lines (elder mode's large text wraps often). */}
                    {list.items.map((i, n) =>
                      h.quantities[n] ? (
                        <Fragment key={i.itemId}>
                          <span className="nowrap">{`${i.name}×${h.quantities[n]}`}</span>{' '}
                        </Fragment>
                      ) : null,
                    )}
                    {h.isProxy ? <span className="badge proxy-badge">{t('dist.proxy')}</span> : null}
                    <NeedBadges needs={h.needs} />
                  </span>
                  <span className="package-code">{h.code ? spacedCode(h.code) : ''}</span>
                  <span className={`badge pkg-status pkg-${h.status ?? 'none'}`}>
                    {t(`dist.status.${h.status ?? 'none'}`)}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        );
      })}
    </>
  );
}

export default DeliveriesPage;
