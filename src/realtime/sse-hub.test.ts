import { describe, expect, it } from 'vitest';
import { formatSse, MAX_BACKLOG_BYTES, SseHub, type SseClient } from './sse-hub.ts';
import { recordingClient } from '../../test/support/sse.ts';
import type { SharedFrames } from './sse-encoding.ts';

describe('SseHub', () => {
  it('ends every stream of every channel cleanly when asked (shutdown), closing those that cannot end', () => {
    const hub = new SseHub();
    const ending = {
      ...recordingClient(),
      ended: false,
      end() {
        this.ended = true;
      },
    };
    const plain = recordingClient();
    hub.subscribe('buy:1', ending);
    hub.subscribe('community:1', plain);
    expect(hub.endAll()).toBe(2);
    expect(ending.ended).toBe(true);
    expect(ending.closed).toBe(false);
    expect(plain.closed).toBe(true);
  });

  it('formats events with an id and JSON data', () => {
    expect(formatSse(7, { type: 'order.placed' })).toBe('id: 7\ndata: {"type":"order.placed"}\n\n');
    expect(formatSse(null, 1)).toBe('data: 1\n\n');
  });

  it('delivers a frame to every client of the channel and to no other', () => {
    const hub = new SseHub();
    const a = recordingClient();
    const b = recordingClient();
    const other = recordingClient();
    hub.subscribe('buy:1', a);
    hub.subscribe('buy:1', b);
    hub.subscribe('buy:2', other);
    expect(hub.broadcast('buy:1', 'x')).toBe(2);
    expect(a.frames).toEqual(['x']);
    expect(b.frames).toEqual(['x']);
    expect(other.frames).toEqual([]);
    expect(hub.connections).toBe(3);
  });

  it('forgets unsubscribed clients', () => {
    const hub = new SseHub();
    const a = recordingClient();
    const off = hub.subscribe('buy:1', a);
    expect(hub.listening('buy:1')).toBe(true);
    off();
    off();
    expect(hub.listening('buy:1')).toBe(false);
    expect(hub.broadcast('buy:1', 'x')).toBe(0);
    expect(hub.connections).toBe(0);
  });

  it('drops a client that stopped reading instead of buffering without bound', () => {
    const hub = new SseHub();
    const slow = recordingClient(MAX_BACKLOG_BYTES + 1);
    hub.subscribe('buy:1', slow);
    hub.broadcast('buy:1', 'x');
    expect(slow.closed).toBe(true);
    expect(slow.frames).toEqual([]);
  });

  it('sends several frames to each client in one write, encoded once for all of them', () => {
    const hub = new SseHub();
    const writes: { frames: readonly string[]; all: SharedFrames }[] = [];
    const batching = (): SseClient => ({
      write: () => true,
      writeMany: (frames, all) => {
        writes.push({ frames, all: all() });
        return true;
      },
      backlog: () => 0,
      close: () => {},
    });
    const oneByOne = recordingClient();
    hub.subscribe('buy:1', batching());
    hub.subscribe('buy:1', batching());
    hub.subscribe('buy:1', oneByOne);
    expect(hub.broadcastMany('buy:1', ['a\n\n', 'b\n\n'])).toBe(3);
    expect(writes).toHaveLength(2);
    expect(writes[0]!.all.bytes().toString()).toBe('a\n\nb\n\n');
    expect(writes[1]!.all).toBe(writes[0]!.all);
    expect(writes[1]!.all.bytes()).toBe(writes[0]!.all.bytes());
    expect(writes[1]!.all.gzip()).toBe(writes[0]!.all.gzip());
    expect(oneByOne.frames).toEqual(['a\n\n', 'b\n\n']);
    expect(hub.broadcastMany('buy:1', [])).toBe(0);
    expect(hub.broadcastMany('buy:2', ['a\n\n'])).toBe(0);
  });
});
