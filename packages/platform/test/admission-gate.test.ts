import { describe, expect, it } from 'vitest';
import { ClientGone, createAdmissionGate, HttpProblem } from '../src/index.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const gateOf = (limit: number, queueLength: number, queueWaitMs = 60_000) =>
  createAdmissionGate({ limit, queueLength, queueWaitMs, slug: 'test-busy', detail: 'Busy; send it again.' });

async function refusalOf(promise: Promise<unknown>): Promise<HttpProblem> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpProblem);
  return error as HttpProblem;
}

describe('admission gate', () => {
  it('runs up to the limit at once, queues the next ones and refuses beyond the queue without running them', async () => {
    const gate = gateOf(2, 1);
    const hold = deferred();
    const started: number[] = [];
    const attempts = [0, 1, 2, 3].map((i) =>
      gate.run(async () => {
        started.push(i);
        await hold.promise;
        return i;
      }),
    );
    const refused = await refusalOf(attempts[3]!);
    expect(refused.status).toBe(503);
    expect(refused.slug).toBe('test-busy');
    expect(refused.extensions.retryAfter).toBeGreaterThanOrEqual(1);
    expect(started).toEqual([0, 1]);
    expect([gate.running, gate.queued]).toEqual([2, 1]);

    hold.resolve();
    expect(await Promise.all(attempts.slice(0, 3))).toEqual([0, 1, 2]);
    expect(started).toEqual([0, 1, 2]);
    expect([gate.running, gate.queued]).toEqual([0, 0]);
  });

  it('refuses a waiter whose queue wait ran out, and never runs it', async () => {
    const gate = gateOf(1, 5, 20);
    const hold = deferred();
    let ran = 0;
    const first = gate.run(async () => {
      ran++;
      await hold.promise;
    });
    const waiting = gate.run(async () => {
      ran++;
    });
    expect((await refusalOf(waiting)).status).toBe(503);
    expect(gate.queued).toBe(0);
    hold.resolve();
    await first;
    expect(ran).toBe(1);
    // The place it would have had is free: the next request runs at once.
    await gate.run(async () => {
      ran++;
    });
    expect(ran).toBe(2);
  });

  it('frees the place of work that failed', async () => {
    const gate = gateOf(1, 0);
    await expect(
      gate.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(gate.running).toBe(0);
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });

  it('hands a freed place to the longest waiter before a newcomer', async () => {
    const gate = gateOf(1, 2);
    const hold = deferred();
    const order: string[] = [];
    const first = gate.run(() => hold.promise);
    const queuedOne = gate.run(async () => {
      order.push('queued');
    });
    hold.resolve();
    await first;
    // Sent after the place was freed: the waiter was admitted already, so this one waits its turn.
    const newcomer = gate.run(async () => {
      order.push('newcomer');
    });
    await Promise.all([queuedOne, newcomer]);
    expect(order).toEqual(['queued', 'newcomer']);
  });

  it('drops a waiter whose client left, never runs it, and gives its place to the next one', async () => {
    const gate = gateOf(1, 2);
    const hold = deferred();
    const ran: string[] = [];
    const first = gate.run(() => hold.promise);
    const left = new AbortController();
    const abandoned = gate.run(async () => {
      ran.push('abandoned');
    }, left.signal);
    const next = gate.run(async () => {
      ran.push('next');
    });
    expect(gate.queued).toBe(2);
    left.abort();
    await expect(abandoned).rejects.toBeInstanceOf(ClientGone);
    expect(gate.queued).toBe(1);
    hold.resolve();
    await Promise.all([first, next]);
    expect(ran).toEqual(['next']);
    expect(gate.running).toBe(0);
  });

  it('never runs a request whose client left before it reached the gate, even with places free', async () => {
    const gate = gateOf(2, 1);
    const left = new AbortController();
    left.abort();
    let ran = false;
    await expect(
      gate.run(async () => {
        ran = true;
      }, left.signal),
    ).rejects.toBeInstanceOf(ClientGone);
    expect(ran).toBe(false);
    expect(gate.running).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => gateOf(0, 1)).toThrow(/limit/);
  });
});
