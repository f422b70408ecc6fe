import { describe, expect, it } from 'vitest';
import { isOrderWrite } from './order-journal-gate.ts';

const buy = '6f1c2d3e-0000-4000-8000-000000000001';
const household = '6f1c2d3e-0000-4000-8000-000000000002';

describe('isOrderWrite: the requests that skip expanding the order journal', () => {
  it.each([
    ['PUT', `/api/buys/${buy}/orders/mine`],
    ['DELETE', `/api/buys/${buy}/orders/mine`],
    ['PUT', `/api/buys/${buy}/orders/households/${household}`],
    ['DELETE', `/api/buys/${buy}/orders/households/${household}?x=1`],
  ])('%s %s', (method, url) => expect(isOrderWrite(method, url)).toBe(true));

  it.each([
    ['GET', `/api/buys/${buy}/orders/mine`],
    ['GET', `/api/buys/${buy}/orders`],
    ['POST', `/api/buys/${buy}/orders/mine`],
    ['PUT', `/api/buys/${buy}/orders/mine/extra`],
    ['PUT', `/api/buys/${buy}/orders/households/`],
    ['PUT', `/api/buys/${buy}/jielong/commit`],
    ['GET', '/healthz'],
  ])('not %s %s', (method, url) => expect(isOrderWrite(method, url)).toBe(false));
});
