/**
 * The volunteer's delivery marks kept on the phone while it has no signal (held-marks.ts), sent again when the
 * browser says it is back online, when the page opens, and every HELD_RETRY_MS while any are kept (a phone can be
 * "online" on a signal too weak to carry a request).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  hold,
  readHeld,
  sendHeld,
  settle,
  unhold,
  writeHeld,
  type HeldMark,
  type RefusedMark,
} from './held-marks.ts';

export const HELD_RETRY_MS = 15_000;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined; // private mode on old browsers throws
  }
}

export function useHeldMarks(
  memberId: string,
  deliver: (mark: HeldMark) => Promise<unknown>,
  /** After a round that settled some: how many reached the server (the page reloads its list). */
  onSettled: (sent: number) => void,
) {
  const mine = useCallback(() => readHeld(storage()).filter((m) => m.memberId === memberId), [memberId]);
  const [marks, setMarks] = useState<HeldMark[]>(mine);
  const [refused, setRefused] = useState<RefusedMark[]>([]);
  const [sending, setSending] = useState(false);
  const running = useRef(false);
  // The latest callbacks, for the listeners set up once.
  const latest = useRef({ deliver, onSettled });
  latest.current = { deliver, onSettled };

  const send = useCallback(async () => {
    if (running.current) return;
    const all = readHeld(storage());
    if (!all.some((m) => m.memberId === memberId)) return;
    running.current = true;
    setSending(true);
    try {
      const { sent, refused: turnedDown } = await sendHeld(all, memberId, (m) => latest.current.deliver(m));
      const settled = [...sent, ...turnedDown.map((r) => r.mark)];
      if (settled.length > 0) {
        writeHeld(storage(), settle(readHeld(storage()), settled));
        if (turnedDown.length > 0) setRefused((r) => [...r, ...turnedDown]);
        latest.current.onSettled(sent.length);
      }
    } finally {
      running.current = false;
      setSending(false);
      setMarks(mine());
    }
  }, [memberId, mine]);

  useEffect(() => {
    void send();
    const onOnline = () => void send();
    // Another tab of the same phone kept or sent some.
    const onStorage = () => setMarks(mine());
    globalThis.addEventListener('online', onOnline);
    globalThis.addEventListener('storage', onStorage);
    return () => {
      globalThis.removeEventListener('online', onOnline);
      globalThis.removeEventListener('storage', onStorage);
    };
  }, [send, mine]);

  const waiting = marks.length > 0;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void send(), HELD_RETRY_MS);
    return () => clearInterval(timer);
  }, [waiting, send]);

  return {
    /** The member's kept marks, oldest first. */
    marks,
    /** Marks the server turned down since the page opened, with why. */
    refused,
    sending,
    send,
    /** Keeps a mark; false when the phone would not store it (the caller shows the network error instead). */
    keep(mark: HeldMark): boolean {
      const kept = writeHeld(storage(), hold(readHeld(storage()), mark));
      setMarks(mine());
      return kept;
    },
    /** Takes a kept mark back before it was sent. */
    drop(mark: Pick<HeldMark, 'buyId' | 'code'>) {
      writeHeld(storage(), unhold(readHeld(storage()), mark));
      setMarks(mine());
    },
    dismissRefused: () => setRefused([]),
  };
}
