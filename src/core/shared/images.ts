/**
 * Images people upload (payment screenshots, a leader's payment QR code, photos of a damaged delivery). The type
 * is decided by the bytes, never by the name or the declared Content-Type, and only these three are accepted.
 */
import { AppError, invalid } from './app-error.ts';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** 5 MiB: a phone photo after the browser has scaled it; screenshots are far smaller. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

/** The image type the bytes carry (by their magic number), or null. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  return null;
}

/** The image's type, or an AppError a person can act on (empty, too large, not a PNG/JPEG/WebP). */
export function checkImage(bytes: Uint8Array): ImageType {
  if (bytes.length === 0) throw invalid('The image is empty', 'image_empty');
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new AppError('too_large', `Images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`, {
      code: 'image_too_large',
      details: { maxBytes: MAX_IMAGE_BYTES, bytes: bytes.length },
    });
  }
  const type = sniffImageType(bytes);
  if (!type) throw invalid('Only PNG, JPEG and WebP images are accepted', 'image_type_unsupported');
  return type;
}
