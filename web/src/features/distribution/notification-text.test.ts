import { describe, expect, it } from 'vitest';
import { notificationText } from '../notifications/notification-text.ts';

const fen = (f: number) => `¥${(f / 100).toFixed(2)}`;

describe('distribution notifications on the web', () => {
  it.each([
    [
      { type: 'delivery_update', data: { buyTitle: 'T', kind: 'at_gate', message: '北门' } },
      'notifications.text.delivery_update_at_gate',
      { title: 'T', message: '：北门' },
    ],
    [
      { type: 'delivery_update', data: { buyTitle: 'T', kind: 'arriving', message: null } },
      'notifications.text.delivery_update_arriving',
      { title: 'T', message: '' },
    ],
    [
      { type: 'order_adjusted', data: { buyTitle: 'T', kind: 'shortage', refundFen: 7500 } },
      'notifications.text.order_adjusted',
      { title: 'T', amount: '¥75.00' },
    ],
    [
      { type: 'order_adjusted', data: { buyTitle: 'T', kind: 'report_refund', refundFen: 2500 } },
      'notifications.text.order_adjusted_refund',
      { title: 'T', amount: '¥25.00' },
    ],
    [
      { type: 'report_resolved', data: { buyTitle: 'T', resolution: 'rejected' } },
      'notifications.text.report_resolved_rejected',
      { title: 'T' },
    ],
    [
      { type: 'package_delivered', data: { buyTitle: 'T' } },
      'notifications.text.package_delivered',
      { title: 'T' },
    ],
    [
      { type: 'package_undelivered', data: { buyTitle: 'T' } },
      'notifications.text.package_undelivered',
      { title: 'T' },
    ],
  ])('%j', (n, key, values) => {
    expect(notificationText(n, '、', fen)).toEqual({ key, values });
  });
});
