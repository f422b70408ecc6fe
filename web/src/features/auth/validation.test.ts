import { describe, expect, it } from 'vitest';
import { checkSignIn, checkSignUp, isContactPhone, isPhone, normalizePhone, safeNext } from './validation.ts';

describe('phones', () => {
  it('accepts mainland mobiles with spaces and international numbers', () => {
    expect(isPhone('138 0013 8000')).toBe(true);
    expect(isPhone('138-0013-8000')).toBe(true);
    expect(isPhone('+86 138 0013 8000')).toBe(true);
    expect(isPhone('0086 13800138000')).toBe(true);
    expect(isPhone('12800138000')).toBe(false);
    expect(isPhone('+85291234567')).toBe(false);
    expect(isContactPhone('021-5555 1234')).toBe(true);
    expect(isContactPhone('call me')).toBe(false);
    expect(isPhone('12345')).toBe(false);
    expect(isPhone('2380013800a')).toBe(false);
    expect(normalizePhone(' 138 0013-8000 ')).toBe('13800138000');
    expect(normalizePhone('+8613800138000')).toBe('13800138000');
  });
});

describe('checkSignUp', () => {
  it('names each missing or bad field', () => {
    expect(checkSignUp({ displayName: ' ', phone: '', password: '' })).toEqual({
      displayName: 'validation.required',
      phone: 'validation.required',
      password: 'validation.required',
    });
    expect(checkSignUp({ displayName: '王阿姨', phone: '123', password: 'short' })).toEqual({
      phone: 'validation.phone',
      password: 'validation.passwordShort',
    });
    expect(checkSignUp({ displayName: '王阿姨', phone: '13800138000', password: 'long enough' })).toEqual({});
  });
  it('checks sign-in too', () => {
    expect(checkSignIn({ phone: '13800138000', password: '' })).toEqual({ password: 'validation.required' });
  });
});

describe('safeNext', () => {
  it('keeps paths inside the app and refuses other sites', () => {
    expect(safeNext('/join/abc')).toBe('/join/abc');
    expect(safeNext('/c/1?x=2')).toBe('/c/1?x=2');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(null, '/home')).toBe('/home');
  });
});
