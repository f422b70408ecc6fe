import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.ts';
import { checkImage, MAX_IMAGE_BYTES, sniffImageType } from './images.ts';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const webp = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError';
  }
  return undefined;
}

describe('images', () => {
  it('tells the type by the bytes', () => {
    expect(sniffImageType(png)).toBe('image/png');
    expect(sniffImageType(jpeg)).toBe('image/jpeg');
    expect(sniffImageType(webp)).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });

  it('refuses empty, oversized and unknown bodies with codes a client can branch on', () => {
    expect(checkImage(png)).toBe('image/png');
    expect(codeOf(() => checkImage(new Uint8Array()))).toBe('image_empty');
    expect(codeOf(() => checkImage(new TextEncoder().encode('%PDF-1.4')))).toBe('image_type_unsupported');
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(png);
    expect(codeOf(() => checkImage(big))).toBe('image_too_large');
  });
});
