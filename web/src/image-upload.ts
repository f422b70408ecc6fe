/**
 * Phone photos are 3–12 MB; the server takes at most 5 MB and many residents are on congested networks. A
 * picture that is already small and of an accepted type goes as it is (a payment QR code stays a sharp PNG);
 * anything else is redrawn at most MAX_SIDE pixels on its long side as a JPEG.
 */
export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
const SMALL_ENOUGH = 1024 * 1024;
const MAX_SIDE = 1600;

/** Whether a picture can be sent without redrawing it. */
export function canSendAsIs(file: { type: string; size: number }): boolean {
  return (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type) && file.size <= SMALL_ENOUGH;
}

/** The width and height to draw at: the long side at most `maxSide`, proportions kept, whole pixels. */
export function fitWithin(
  width: number,
  height: number,
  maxSide = MAX_SIDE,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The file ready to upload: as it is when small, otherwise a scaled JPEG. Rejects what the browser can't decode. */
export async function prepareImage(file: File): Promise<Blob> {
  if (canSendAsIs(file)) return file;
  const bitmap = await createImageBitmap(file);
  const size = fitWithin(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas unavailable');
  ctx.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), 'image/jpeg', 0.85),
  );
}
