/** The money calls, one function each, so screens never build URLs by hand. */
import { api, seg } from '../../api-client.ts';
import type {
  AuditEvent,
  MyMoney,
  Payment,
  PaymentMethod,
  PublicLedger,
  Reconciliation,
  Refund,
} from './types.ts';

const money = (buyId: string) => `/api/buys/${seg(buyId)}/money`;

export const moneyApi = {
  // The household's own money (…/money/mine), or a proxy household's for a volunteer of its building (代付).
  mine: (buyId: string, signal?: AbortSignal, householdId?: string) =>
    api.get<MyMoney>(
      householdId ? `${money(buyId)}/households/${seg(householdId)}` : `${money(buyId)}/mine`,
      {
        signal,
      },
    ),
  ledger: (buyId: string, signal?: AbortSignal) =>
    api.get<PublicLedger>(`${money(buyId)}/ledger`, { signal }),
  reconciliation: (buyId: string, signal?: AbortSignal) =>
    api.get<Reconciliation>(`${money(buyId)}/reconciliation`, { signal }),
  markPaid: (
    buyId: string,
    body: { method: PaymentMethod; reference: string | null; amountFen?: number },
    householdId?: string,
  ) =>
    api
      .post<{ payment: Payment }>(
        householdId ? `${money(buyId)}/households/${seg(householdId)}/payments` : `${money(buyId)}/payments`,
        body,
      )
      .then((r) => r.payment),
  /** The leader records money a household handed over in person (confirmed at once). */
  recordReceived: (
    buyId: string,
    body: { householdId: string; method: PaymentMethod; reference: string | null; amountFen: number },
  ) => api.post<{ payment: Payment }>(`${money(buyId)}/payments/received`, body).then((r) => r.payment),
  attachScreenshot: (paymentId: string, image: Blob) =>
    api
      .putImage<{ payment: Payment }>(`/api/payments/${seg(paymentId)}/screenshot`, image)
      .then((r) => r.payment),
  confirm: (paymentId: string) =>
    api.post<{ payment: Payment }>(`/api/payments/${seg(paymentId)}/confirm`).then((r) => r.payment),
  dispute: (paymentId: string, reason: string) =>
    api
      .post<{ payment: Payment }>(`/api/payments/${seg(paymentId)}/dispute`, { reason })
      .then((r) => r.payment),
  sendRefund: (
    buyId: string,
    body: { householdId: string; method: PaymentMethod; reference: string | null },
  ) => api.post<{ refund: Refund }>(`${money(buyId)}/refunds`, body).then((r) => r.refund),
  acknowledge: (refundId: string) =>
    api.post<{ refund: Refund }>(`/api/refunds/${seg(refundId)}/acknowledge`).then((r) => r.refund),
  supplierBill: (
    buyId: string,
    body: {
      kind: 'invoice' | 'payment';
      amountFen?: number;
      lines?: { itemId: string; qty: number; unitPriceFen: number }[];
      note: string | null;
    },
  ) => api.post<{ bill: unknown }>(`${money(buyId)}/supplier-bills`, body),
  setQr: (buyId: string, image: Blob) => api.putImage<{ buyId: string }>(`${money(buyId)}/qr`, image),
  audit: (buyId: string, signal?: AbortSignal) =>
    api.get<{ scope: 'buy' | 'household'; events: AuditEvent[] }>(`/api/buys/${seg(buyId)}/audit`, {
      signal,
    }),
};

/** Where the browser loads images and downloads from (same origin, the session cookie goes along). */
export const moneyUrls = {
  /** `version` (the QR code's, from the money views) gets the image past a cached older one. */
  qr: (buyId: string, version?: string | null) =>
    `${money(buyId)}/qr${version ? `?v=${encodeURIComponent(version)}` : ''}`,
  screenshot: (paymentId: string) => `/api/payments/${seg(paymentId)}/screenshot`,
  export: (buyId: string, what: 'ledger' | 'payments', format: 'xlsx' | 'csv') =>
    `${money(buyId)}/exports/${what}.${format}`,
};
