import { describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR, toApiError } from '../api-client.ts';
import { errorField, errorText } from './errors.ts';

describe('toApiError', () => {
  it('reads the contract error shape', () => {
    const e = toApiError(409, { error: { code: 'phone_taken', message: 'Phone in use', details: { a: 1 } } });
    expect(e).toMatchObject({ status: 409, code: 'phone_taken', message: 'Phone in use', details: { a: 1 } });
  });
  it('copes with bodies that are not the contract shape', () => {
    expect(toApiError(502, '<html>')).toMatchObject({ code: 'internal_error', message: 'HTTP 502' });
    expect(toApiError(404, null)).toMatchObject({ code: 'http_error' });
    expect(toApiError(400, { error: 'x' })).toMatchObject({ code: 'http_error' });
  });
});

describe('errorText', () => {
  it('maps codes to keys and keeps the server message as fallback', () => {
    expect(errorText(new ApiError(401, 'bad_credentials', 'Wrong phone or password'))).toEqual({
      key: 'errors.bad_credentials',
      fallback: 'Wrong phone or password',
    });
    expect(errorText(new ApiError(0, NETWORK_ERROR, 'Failed to fetch')).key).toBe('errors.network_error');
    expect(errorText(new Error('boom'))).toEqual({ key: 'errors.unknown', fallback: 'boom' });
  });
});

describe('errorField', () => {
  const v = (path: string) =>
    new ApiError(400, 'validation_failed', 'x', { issues: [{ path, message: 'm' }] });
  it('finds the field of a validation issue', () => {
    expect(errorField(v('body/phone'))).toBe('phone');
    expect(errorField(v('/displayName'))).toBe('displayName');
    expect(errorField(v('body'))).toBeNull();
  });
  it('uses the code table first', () => {
    expect(errorField(new ApiError(409, 'phone_taken', 'x'), { phone_taken: 'phone' })).toBe('phone');
    expect(errorField(new ApiError(409, 'other', 'x'), { phone_taken: 'phone' })).toBeNull();
    expect(errorField(new Error('x'))).toBeNull();
  });
});
