import { describe, expect, it } from 'vitest';
import { contactParts, findSupplier, supplierStanding } from './supplier-text.ts';

describe('contactParts', () => {
  it('makes a mobile, a number with its area code or a 400 line a tel: link, spaces and dashes dropped', () => {
    expect(contactParts('13812345678')).toEqual([{ text: '13812345678', tel: 'tel:13812345678' }]);
    expect(contactParts('138 1234 5678')).toEqual([{ text: '138 1234 5678', tel: 'tel:13812345678' }]);
    expect(contactParts('021-6234 5678')).toEqual([{ text: '021-6234 5678', tel: 'tel:02162345678' }]);
    expect(contactParts('400-820-1234')).toEqual([{ text: '400-820-1234', tel: 'tel:4008201234' }]);
    expect(contactParts('+86 139-0000-1111')).toEqual([
      { text: '+86 139-0000-1111', tel: 'tel:+8613900001111' },
    ]);
    expect(contactParts('62345678')).toEqual([{ text: '62345678', tel: 'tel:62345678' }]);
  });

  it('keeps the words around the number as they are', () => {
    expect(contactParts('张经理 13812345678（微信同号）')).toEqual([
      { text: '张经理 ' },
      { text: '13812345678', tel: 'tel:13812345678' },
      { text: '（微信同号）' },
    ]);
  });

  it('leaves an address, or digits that belong to something longer, as text', () => {
    expect(contactParts('崇明区港西镇 88 号')).toEqual([{ text: '崇明区港西镇 88 号' }]);
    expect(contactParts('91310230MA1K000000')).toEqual([{ text: '91310230MA1K000000' }]);
    expect(contactParts('1381234567890')).toEqual([{ text: '1381234567890' }]);
    expect(contactParts('12345678')).toEqual([{ text: '12345678' }]);
  });
});

describe('supplierStanding', () => {
  const at = '2026-12-06T08:00:00.000Z';
  it('says verified (保供 or not), registered only, or not in the register', () => {
    expect(supplierStanding({ licenceNo: 'x', baogong: true, verifiedAt: at })).toBe('verifiedBaogong');
    expect(supplierStanding({ licenceNo: null, baogong: false, verifiedAt: at })).toBe('verified');
    expect(supplierStanding({ licenceNo: 'x', baogong: true, verifiedAt: null })).toBe('unverified');
    expect(supplierStanding(null)).toBe('absent');
  });
});

describe('findSupplier', () => {
  const entries = [{ name: '崇明绿港农场' }, { name: 'Pudong Veg' }];
  it('finds the entry of a name typed with other spaces, case or width, and nothing for a blank', () => {
    expect(findSupplier(entries, ' 崇明 绿港农场')).toBe(entries[0]);
    expect(findSupplier(entries, 'ｐｕｄｏｎｇveg')).toBe(entries[1]);
    expect(findSupplier(entries, '崇明')).toBeNull();
    expect(findSupplier(entries, '  ')).toBeNull();
  });
});
