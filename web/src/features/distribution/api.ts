/** The distribution calls, one function each. */
import { api, seg } from '../../api-client.ts';
import type {
  ArrivalPlan,
  Board,
  Coordination,
  DeliveryPlan,
  DeliveryReport,
  MyPackage,
  PackageView,
  ShortagePolicy,
  SortingList,
} from './types.ts';

/** How long a delivery mark waits for its answer before the phone keeps it to send later. */
export const DELIVER_TIMEOUT_MS = 10_000;

const buyPath = (buyId: string) => `/api/buys/${seg(buyId)}`;
const whosePackage = (buyId: string, householdId: string | undefined) =>
  householdId
    ? `${buyPath(buyId)}/packages/households/${seg(householdId)}`
    : `${buyPath(buyId)}/packages/mine`;
type Received = { itemId: string; receivedQty: number }[];

export const distributionApi = {
  previewArrival: (buyId: string, policy: ShortagePolicy, received: Received) =>
    api.post<ArrivalPlan>(`${buyPath(buyId)}/arrival/preview`, { policy, received }),
  recordArrival: (buyId: string, policy: ShortagePolicy, received: Received) =>
    api.post<ArrivalPlan>(`${buyPath(buyId)}/arrival`, { policy, received }),
  packages: (buyId: string, signal?: AbortSignal) =>
    api.get<SortingList>(`${buyPath(buyId)}/packages`, { signal }),
  /** Labels of one building (QR codes cost the server a few ms each: a building at a time). */
  labels: (buyId: string, buildingId: string | null, signal?: AbortSignal) =>
    api.get<SortingList>(`${buyPath(buyId)}/labels${buildingId ? `?buildingId=${seg(buildingId)}` : ''}`, {
      signal,
    }),
  // Given up after 10 s: in a stairwell with one bar of signal the mark is kept on the phone instead (held-marks.ts).
  deliver: (buyId: string, code: string, method: 'door' | 'pickup') =>
    api
      .post<{ package: PackageView }>(
        `${buyPath(buyId)}/packages/deliver`,
        { code, method },
        { timeoutMs: DELIVER_TIMEOUT_MS },
      )
      .then((r) => r.package),
  undo: (buyId: string, packageId: string) =>
    api
      .post<{ package: PackageView }>(`${buyPath(buyId)}/packages/${seg(packageId)}/undo`)
      .then((r) => r.package),
  // The household's own package (…/packages/mine), or a proxy household's for those who receive for it (代签收).
  mine: (buyId: string, signal?: AbortSignal, householdId?: string) =>
    api.get<MyPackage>(whosePackage(buyId, householdId), { signal }),
  confirm: (buyId: string, householdId?: string) =>
    api.post<MyPackage>(`${whosePackage(buyId, householdId)}/confirm`),
  report: (
    buyId: string,
    body: { kind: 'missing' | 'damaged'; note: string | null; lines: { itemId: string; qty: number }[] },
    householdId?: string,
  ) =>
    api
      .post<{ report: DeliveryReport }>(`${whosePackage(buyId, householdId)}/reports`, body)
      .then((r) => r.report),
  reportPhoto: (reportId: string, image: Blob) =>
    api.put<{ report: DeliveryReport }>(`/api/delivery-reports/${seg(reportId)}/photo`, image),
  photoUrl: (reportId: string) => `/api/delivery-reports/${seg(reportId)}/photo`,
  reports: (buyId: string, signal?: AbortSignal) =>
    api.get<{ reports: DeliveryReport[] }>(`${buyPath(buyId)}/reports`, { signal }).then((r) => r.reports),
  resolve: (reportId: string, resolution: 'redelivered' | 'refunded' | 'rejected', reason: string | null) =>
    api.post<{ report: DeliveryReport }>(`/api/delivery-reports/${seg(reportId)}/resolve`, {
      resolution,
      reason,
    }),
  board: (buyId: string, signal?: AbortSignal) => api.get<Board>(`${buyPath(buyId)}/board`, { signal }),
  coordination: (buyId: string, signal?: AbortSignal) =>
    api.get<Coordination>(`${buyPath(buyId)}/delivery`, { signal }),
  savePlan: (buyId: string, plan: DeliveryPlan) => api.put<Coordination>(`${buyPath(buyId)}/delivery`, plan),
  post: (buyId: string, kind: 'arriving' | 'at_gate' | 'note', message: string | null, urgent: boolean) =>
    api.post(`${buyPath(buyId)}/delivery/posts`, { kind, message, urgent }),
  recordUrl: (buyId: string) => `${buyPath(buyId)}/exports/deliveries.xlsx`,
};
