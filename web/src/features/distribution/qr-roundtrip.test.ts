import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { labelUrl } from '../../../../src/core/distribution/sorting-fns.ts';
import { normalizeCode } from './code-input.ts';

/** The QR code as RGBA pixels: `scale` pixels per module and a four-module quiet zone, as a camera would see it. */
function pixels(text: string, scale = 4) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = (modules.size + 8) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < modules.size; y++)
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + 4) * scale + dy) * size + (x + 4) * scale + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }
  return { data, size };
}

describe('a label’s QR code, read by the volunteer screen’s decoder', () => {
  it('gives back the link and its pickup code', () => {
    const url = labelUrl(
      'http://127.0.0.1:3000',
      'c0ffee00-0000-4000-8000-000000000001',
      'b0ffee00-0000-4000-8000-000000000002',
      'AC3D4E',
    );
    const { data, size } = pixels(url);
    const found = jsQR(data, size, size);
    expect(found?.data).toBe(url);
    expect(normalizeCode(found!.data)).toBe('AC3D4E');
  });
});
