import { lazy, Suspense, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api-client.ts';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { useBuyEvents } from '../buys/live.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { distributionApi } from './api.ts';
import { normalizeCode, spacedCode } from './code-input.ts';
import type { PackageView, SortingHousehold, SortingList } from './types.ts';
import './distribution.css';
import { Segmented } from '../../components/segmented.tsx';
import { ConfirmDialog } from '../buys/ui.tsx';
import { PackageItems, PackageList, ProxyContact } from './package-rows.tsx';
import { unanswered } from './held-marks.ts';
import { HeldMarksCard } from './held-marks-card.tsx';
import { useHeldMarks } from './use-held-marks.ts';

// The decoder (jsQR, ~130 KB) loads only when a volunteer opens the camera: typing a code needs none of it.
const QrScanner = lazy(() => import('./qr-scanner.tsx').then((m) => ({ default: m.QrScanner })));

/**
 * /c/:id/buys/:buyId/deliveries: a volunteer's phone screen: type or scan a code, or tap 送达 on a household's
 * row (after checking the label's code), to mark it delivered; take a mark back with 撤销. Without a signal a mark
 * is kept on the phone (待上传) and sent when the network is back (held-marks.ts).
 */
export function DeliveriesPage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const [search] = useSearchParams();
  const { community, me } = useCompound();
  const toast = useToast();
  const list = useLoad((signal) => distributionApi.packages(buyId, signal), [buyId]);
  useBuyEvents(buyId, async () => list.reload());
  // Without a signal a refresh fails (the buy's stream asks for one when it reconnects): the page keeps the list it
  // showed, saying so, so the rows' 送达 still work (their marks kept on the phone).
  const shown = useRef<SortingList | null>(null);
  if (list.status === 'ready') shown.current = list.data;
  const data = list.status === 'ready' ? list.data : shown.current;
  const [code, setCode] = useState(() => search.get('code') ?? '');
  const [method, setMethod] = useState<'door' | 'pickup'>('door');
  const [scanning, setScanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [showAll, setShowAll] = useState(false);
  /** The row whose 送达 was tapped: the dialog that asks to check its label. */
  const [asking, setAsking] = useState<SortingHousehold | null>(null);
  /** The mark to take back (the last one, or a row's). */
  const [undoing, setUndoing] = useState<{ packageId: string; label: string } | null>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  /** The last package marked here, with its 撤销 until the next one. */
  const [last, setLast] = useState<PackageView | null>(null);
  /** The last mark kept on the phone for want of a signal (its 撤销 takes it off the phone). */
  const [lastHeld, setLastHeld] = useState<{ code: string; label: string | null } | null>(null);
  const back = `/c/${community.id}/buys/${buyId}`;
  const held = useHeldMarks(
    me.memberId,
    (m) => distributionApi.deliver(m.buyId, m.code, m.method),
    (sent) => {
      if (sent > 0) toast(t('dist.held.sent', { count: sent }), 'success');
      list.reload();
    },
  );
  const heldHere = held.marks.filter((m) => m.buyId === buyId);
  const heldCodes = new Set(heldHere.map((m) => m.code));
  const labelOf = (code: string) =>
    data?.buildings.flatMap((b) => b.households).find((h) => h.code === code)?.label ?? null;

  /** Marks the package with this code; true when it was. */
  async function mark(raw: string, onError: (err: unknown) => void): Promise<boolean> {
    const normal = normalizeCode(raw);
    if (!normal) {
      onError(new ApiError(422, 'bad_code', t('errors.bad_code')));
      return false;
    }
    setBusy(true);
    onError(null);
    try {
      // Said by the card under the form, which stays (with its 撤销) until the next mark: no toast as well.
      setLast(await distributionApi.deliver(buyId, normal, method));
      setLastHeld(null);
      list.reload();
      return true;
    } catch (err) {
      // No answer (no signal, or none in time): kept on the phone and sent when the network is back.
      const label = labelOf(normal);
      const mark = {
        memberId: me.memberId,
        buyId,
        code: normal,
        method,
        label,
        at: new Date().toISOString(),
      };
      if (unanswered(err) && held.keep(mark)) {
        setLast(null);
        setLastHeld({ code: normal, label });
        return true;
      }
      onError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function undo(target: { packageId: string; label: string }) {
    setBusy(true);
    setDialogError(null);
    try {
      await distributionApi.undo(buyId, target.packageId);
      toast(t('dist.deliver.undone', { label: target.label }), 'success');
      setUndoing(null);
      if (last?.id === target.packageId) setLast(null);
      list.reload();
    } catch (err) {
      setDialogError(err);
    } finally {
      setBusy(false);
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void mark(code, setError).then((ok) => ok && setCode(''));
  };

  const methodChoice = (
    <Segmented
      kind="radio"
      options={['door', 'pickup'] as const}
      value={method}
      onChange={setMethod}
      label={t('dist.deliver.method')}
    >
      {(m) => t(`dist.method.${m}`)}
    </Segmented>
  );

  return (
    <Page back={back} title={t('dist.deliver.title')}>
      {data ? <p className="lead">{data.buy.title}</p> : null}
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
          {methodChoice}
          <FormError error={error} />
          <Button type="submit" block busy={busy} disabled={!code.trim()}>
            {t('dist.deliver.mark')}
          </Button>
          <Button variant="secondary" block onClick={() => setScanning(true)}>
            {t('dist.scan.open')}
          </Button>
        </form>
        {lastHeld && heldCodes.has(lastHeld.code) ? (
          <div className="last-marked last-held" data-testid="last-marked">
            <span>{t('dist.held.last', { label: lastHeld.label ?? spacedCode(lastHeld.code) })}</span>
            <Button
              variant="ghost"
              onClick={() => {
                held.drop({ buyId, code: lastHeld.code });
                setLastHeld(null);
              }}
            >
              {t('dist.deliver.undo')}
            </Button>
          </div>
        ) : null}
        {last ? (
          <div className="last-marked" data-testid="last-marked">
            <span>
              {t(`dist.deliver.last.${last.status === 'picked_up' ? 'pickup' : 'door'}`, {
                label: last.householdLabel,
              })}
            </span>
            <Button
              variant="ghost"
              onClick={() => {
                setDialogError(null);
                setUndoing({ packageId: last.id, label: last.householdLabel });
              }}
            >
              {t('dist.deliver.undo')}
            </Button>
          </div>
        ) : null}
      </Card>
      <HeldMarksCard
        marks={heldHere}
        refused={held.refused}
        sending={held.sending}
        onSend={() => void held.send()}
        onDrop={(m) => held.drop(m)}
        onDismiss={held.dismissRefused}
      />
      {scanning ? (
        <Suspense fallback={<Loading />}>
          <QrScanner
            onClose={() => setScanning(false)}
            onCode={(text) => {
              setScanning(false);
              setCode(normalizeCode(text) ?? text);
              void mark(text, setError).then((ok) => ok && setCode(''));
            }}
          />
        </Suspense>
      ) : null}
      {list.status === 'loading' && !data ? <Loading /> : null}
      {list.status === 'error' && !data ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.status === 'error' && data ? (
        <p className="stale-list" role="status" data-testid="stale-list">
          <span>{t('dist.held.stale')}</span>
          <Button variant="ghost" onClick={list.reload}>
            {t('common.retry')}
          </Button>
        </p>
      ) : null}
      {data ? (
        <PackageList
          list={data}
          showAll={showAll}
          onToggle={() => setShowAll(!showAll)}
          onDeliver={(h) => {
            setDialogError(null);
            setAsking(h);
          }}
          receiveFor={(h) => `${back}/package?household=${encodeURIComponent(h.householdId)}`}
          heldCodes={heldCodes}
          onUndo={(h) => {
            setDialogError(null);
            if (h.packageId) setUndoing({ packageId: h.packageId, label: h.label });
          }}
        />
      ) : null}
      {asking && data ? (
        <ConfirmDialog
          title={t('dist.deliver.confirmTitle', { label: asking.label })}
          confirmLabel={t(`dist.deliver.confirm.${method}`)}
          dismissLabel={t('dist.deliver.notYet')}
          busy={busy}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            void mark(asking.code ?? '', setDialogError).then((ok) => ok && setAsking(null));
          }}
        >
          <p>
            <PackageItems list={data} household={asking} />
          </p>
          <p className="check-code">
            {t('dist.deliver.checkCode')}
            <strong className="package-code-big">{spacedCode(asking.code ?? '')}</strong>
          </p>
          <ProxyContact contact={asking.proxyContact} />
          {methodChoice}
          <FormError error={dialogError} />
        </ConfirmDialog>
      ) : null}
      {undoing ? (
        <ConfirmDialog
          title={t('dist.deliver.undoTitle', { label: undoing.label })}
          confirmLabel={t('dist.deliver.undo')}
          dismissLabel={t('dist.deliver.keep')}
          danger
          busy={busy}
          onCancel={() => setUndoing(null)}
          onConfirm={() => void undo(undoing)}
        >
          <p>{t('dist.deliver.undoBody')}</p>
          <FormError error={dialogError} />
        </ConfirmDialog>
      ) : null}
    </Page>
  );
}

export default DeliveriesPage;
