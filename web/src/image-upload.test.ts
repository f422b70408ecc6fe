import { describe, expect, it } from 'vitest';
import { canSendAsIs, fitWithin } from './image-upload.ts';

describe('image upload preparation', () => {
  it('sends small accepted pictures as they are', () => {
    expect(canSendAsIs({ type: 'image/png', size: 200_000 })).toBe(true);
    expect(canSendAsIs({ type: 'image/jpeg', size: 5_000_000 })).toBe(false);
    expect(canSendAsIs({ type: 'image/heic', size: 100_000 })).toBe(false);
  });

  it('scales the long side down to the limit, keeping proportions', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(1080, 2400)).toEqual({ width: 720, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(0, 0)).toEqual({ width: 1, height: 1 });
  });
});
