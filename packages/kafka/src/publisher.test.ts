// Batching logic only, with a stand-in producer (the real broker is in the integration tests).
import type { Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createBatchingPublisher } from './publisher.ts';

function fakeProducer() {
  const sends: { size: number; settle: (ok: boolean) => void }[] = [];
  const state = { disconnected: false };
  const producer = {
    disconnect: async () => {
      state.disconnected = true;
    },
    send: ({ messages }: { messages: unknown[] }) =>
      new Promise((resolve, reject) =>
        sends.push({
          size: messages.length,
          settle: (ok) => (ok ? resolve([]) : reject(new Error('broker down'))),
        }),
      ),
  } as unknown as Producer;
  return { producer, sends, state };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('adaptive batching publisher', () => {
  it('sends at once when idle, gathers while requests are in flight, settles each caller with its request', async () => {
    const { producer, sends } = fakeProducer();
    const pub = createBatchingPublisher([producer], 't');
    const first = pub.publish([{ value: 'a' }]);
    await tick();
    expect(sends.map((s) => s.size)).toEqual([1]);
    const later = [pub.publish([{ value: 'b' }]), pub.publish([{ value: 'c' }, { value: 'd' }])];
    await tick();
    expect(sends.map((s) => s.size)).toEqual([1]); // waiting for the first request
    sends[0]!.settle(true);
    await first;
    await tick();
    await tick();
    expect(sends.map((s) => s.size)).toEqual([1, 3]); // b, c, d together
    sends[1]!.settle(false);
    await expect(later[0]).rejects.toThrow('broker down');
    await expect(later[1]).rejects.toThrow('broker down');
  });
});

describe('publisher request size', () => {
  it('keeps each produce request under maxBytes, splitting one caller when needed', async () => {
    const { producer, sends } = fakeProducer();
    const pub = createBatchingPublisher([producer], 't', { maxBytes: 1000 });
    const big = (n: number) => Array.from({ length: n }, () => ({ value: 'x'.repeat(200) })); // ~270 B each
    const one = pub.publish(big(7)); // ~1.9 kB: two requests
    await tick();
    expect(sends.map((s) => s.size)).toEqual([3]);
    sends[0]!.settle(true);
    await tick();
    await tick();
    expect(sends.map((s) => s.size)).toEqual([3, 3]);
    sends[1]!.settle(true);
    await tick();
    await tick();
    expect(sends.map((s) => s.size)).toEqual([3, 3, 1]);
    sends[2]!.settle(true);
    await expect(one).resolves.toBeUndefined();
  });
});

describe('publisher after a failed send', () => {
  it('replaces the producer (new producer id, fresh sequence numbers) and rejects waiters while no replacement connects', async () => {
    const first = fakeProducer();
    const second = fakeProducer();
    let brokerUp = false;
    let replacements = 0;
    const pub = createBatchingPublisher([first.producer], 't', {
      retryMs: 5,
      replacement: async () => {
        replacements++;
        if (!brokerUp) throw new Error('broker still down');
        return second.producer;
      },
    });
    const failed = pub.publish([{ value: 'a' }]);
    await tick();
    first.sends[0]!.settle(false); // outcome unknown: the request may have reached the log
    await expect(failed).rejects.toThrow('broker down');
    expect(first.state.disconnected).toBe(true);
    const waiting = pub.publish([{ value: 'b' }]);
    await expect(waiting).rejects.toThrow('broker still down'); // no producer: answered, not parked
    brokerUp = true;
    await new Promise((r) => setTimeout(r, 30));
    const after = pub.publish([{ value: 'c' }]);
    await tick();
    expect(first.sends).toHaveLength(1); // the failed producer is never used again
    expect(second.sends.map((s) => s.size)).toEqual([1]);
    second.sends[0]!.settle(true);
    await expect(after).resolves.toBeUndefined();
    expect(replacements).toBeGreaterThanOrEqual(2);
    await pub.close();
    expect(second.state.disconnected).toBe(true);
  });
});
