/**
 * A record sent with a photo takes two requests: the record (a payment, a problem report), then its photo. On an
 * old phone over a congested network the photo is the one likely to fail; sending the record again then would
 * store a second one, or be refused (a payment already waits for the leader). So the record is held once stored,
 * and a retry sends only the photo.
 */

/** The record is stored; its photo is not. `cause` is why the photo failed. */
export class PhotoNotSent extends Error {
  constructor(cause: unknown) {
    super('The record was sent; its photo was not', { cause });
    this.name = 'PhotoNotSent';
  }
}

/**
 * Sends the record unless `held` has it from an earlier try, then the photo when there is one. Throws what the
 * record's request threw, or PhotoNotSent when only the photo failed.
 */
export async function sendWithPhoto<R>(
  held: { current: R | null },
  send: () => Promise<R>,
  attach: ((record: R) => Promise<unknown>) | null,
): Promise<R> {
  held.current ??= await send();
  const record = held.current;
  if (attach) {
    try {
      await attach(record);
    } catch (err) {
      throw new PhotoNotSent(err);
    }
  }
  return record;
}
