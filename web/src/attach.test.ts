import { describe, expect, it } from 'vitest';
import { PhotoNotSent, sendWithPhoto } from './attach.ts';

describe('sendWithPhoto', () => {
  it('sends the record, then its photo', async () => {
    const calls: string[] = [];
    const held = { current: null as { id: string } | null };
    const record = await sendWithPhoto(
      held,
      async () => (calls.push('send'), { id: 'p1' }),
      async (r) => calls.push(`attach ${r.id}`),
    );
    expect(record).toEqual({ id: 'p1' });
    expect(calls).toEqual(['send', 'attach p1']);
  });

  it('without a photo sends the record only', async () => {
    const held = { current: null as string | null };
    expect(await sendWithPhoto(held, async () => 'r', null)).toBe('r');
  });

  it('a retry after the photo failed sends only the photo, to the record already stored', async () => {
    const calls: string[] = [];
    const held = { current: null as { id: string } | null };
    let photoFails = true;
    const send = async () => (calls.push('send'), { id: `p${calls.length}` });
    const attach = async (r: { id: string }) => {
      calls.push(`attach ${r.id}`);
      if (photoFails) throw new Error('network');
    };
    const failed = await sendWithPhoto(held, send, attach).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(PhotoNotSent);
    expect((failed as PhotoNotSent).cause).toEqual(new Error('network'));
    photoFails = false;
    expect(await sendWithPhoto(held, send, attach)).toEqual({ id: 'p1' });
    // Or the person drops the photo: the record is not sent again either.
    expect(await sendWithPhoto(held, send, null)).toEqual({ id: 'p1' });
    expect(calls).toEqual(['send', 'attach p1', 'attach p1']);
  });

  it('a record that failed is sent again, as it was never stored', async () => {
    const held = { current: null as string | null };
    let fails = true;
    const send = async () => {
      if (fails) throw new Error('busy');
      return 'r';
    };
    await expect(sendWithPhoto(held, send, null)).rejects.toThrow('busy');
    expect(held.current).toBeNull();
    fails = false;
    expect(await sendWithPhoto(held, send, null)).toBe('r');
  });
});
