import { describe, expect, it } from 'vitest';
import type { SagaDefinition, SagaStep } from '../src/saga/definition.js';
import { createSagaEngine, type SagaHooks } from '../src/saga/engine.js';
import { createMemorySagaStore } from '../src/saga/memory-store.js';

class Transient extends Error {}

interface Context {
  learned?: string[];
}
/** The subject: the effects the store applied, in order. */
type Subject = string[];
type Effect = string;

/** A journal of what the steps and compensations did, across runs. */
function journal() {
  const calls: string[] = [];
  /** A step that does its work, learns its name and asks for an effect named after it. */
  const step = (name: string, extra: Partial<SagaStep<Context, Subject, Effect>> = {}) => ({
    name,
    async run({ context }: { context: Context }) {
      calls.push(`run ${name}`);
      return {
        kind: 'done' as const,
        learned: { learned: [...(context.learned ?? []), name] },
        effect: name,
      };
    },
    async compensate() {
      calls.push(`undo ${name}`);
    },
    ...extra,
  });
  return { calls, step };
}

function definition(
  steps: SagaStep<Context, Subject, Effect>[],
  more: Partial<SagaDefinition<Context, Subject, Effect>> = {},
): SagaDefinition<Context, Subject, Effect> {
  return { steps, isTransient: (error) => error instanceof Transient, ...more };
}

function setup(
  def: SagaDefinition<Context, Subject, Effect>,
  hooks: SagaHooks<Context, Subject> = {},
  store = createMemorySagaStore<Context, Subject, Effect>((subject, effect) => [...subject, effect]),
) {
  const engine = createSagaEngine({ definition: def, store, hooks, retryDelayMs: () => 1 });
  return { engine, store };
}

describe('saga engine', () => {
  it('runs the steps in order, saving each as it ends', async () => {
    const { calls, step } = journal();
    const { engine, store } = setup(definition([step('a'), step('b'), step('c')]));
    const done = await engine.run(store.create('s1', {}, []));
    expect(calls).toEqual(['run a', 'run b', 'run c']);
    expect(done.state).toMatchObject({ status: 'completed', taken: ['a', 'b', 'c'] });
    expect(done.state.context.learned).toEqual(['a', 'b', 'c']);
    expect(done.subject).toEqual(['a', 'b', 'c']);
    expect(store.saves('s1')).toBe(3);
  });

  it('saves idempotent steps once, at the end, and their entries in order', async () => {
    const { step } = journal();
    const { engine, store } = setup(definition([step('a'), step('b'), step('c')], { idempotentSteps: true }));
    await engine.run(store.create('s1', {}, []));
    expect(store.saves('s1')).toBe(1);
    expect(store.log('s1').map((e) => `${e.action} ${e.step} ${e.outcome}`)).toEqual([
      'invoke a succeeded',
      'invoke b succeeded',
      'invoke c succeeded',
    ]);
  });

  it('resumes after a crash between steps from the last save, without repeating saved steps', async () => {
    const { calls, step } = journal();
    let crash = true;
    const b = step('b', {
      async run() {
        if (crash) throw new Error('process died');
        calls.push('run b');
        return { kind: 'done' };
      },
    });
    const stopped: unknown[] = [];
    const first = setup(definition([step('a'), b, step('c')]), { onStopped: (_, e) => stopped.push(e) });
    first.store.create('s1', {}, []);
    await first.engine.drive('s1');
    expect(stopped).toHaveLength(1);
    expect(first.store.state('s1')).toMatchObject({ status: 'running', taken: ['a'] });

    crash = false;
    // A new engine, as after a restart, over the same store.
    const second = setup(definition([step('a'), b, step('c')]), {}, first.store);
    await second.engine.drive('s1');
    expect(calls).toEqual(['run a', 'run b', 'run c']);
    expect(first.store.state('s1')).toMatchObject({ status: 'completed', taken: ['a', 'b', 'c'] });
  });

  it('repeats the idempotent steps done since the last save when it resumes', async () => {
    const { calls, step } = journal();
    let crash = true;
    const c = step('c', {
      async run() {
        if (crash) throw new Error('process died');
        calls.push('run c');
        return { kind: 'done' };
      },
    });
    const def = definition([step('a'), step('b'), c], { idempotentSteps: true });
    const { engine, store } = setup(def);
    store.create('s1', {}, []);
    await engine.drive('s1');
    expect(store.saves('s1')).toBe(0);
    crash = false;
    await setup(def, {}, store).engine.drive('s1');
    expect(calls).toEqual(['run a', 'run b', 'run a', 'run b', 'run c']);
    expect(store.state('s1')?.status).toBe('completed');
  });

  it('compensates every step taken, newest first, the refused one included', async () => {
    const { calls, step } = journal();
    const refusing = step('c', {
      async run() {
        calls.push('run c');
        return { kind: 'refused', code: 'declined', reason: 'Card declined', lines: ['x'] };
      },
    });
    const compensated: string[] = [];
    const { engine, store } = setup(
      definition([step('a'), step('b'), refusing, step('d')], {
        whenCompensated: { name: 'cancel', effect: (failure) => `cancelled: ${failure.code}` },
      }),
      { onCompensated: (saga) => compensated.push(saga.state.id) },
    );
    const ended = await engine.run(store.create('s1', {}, []));
    expect(calls).toEqual(['run a', 'run b', 'run c', 'undo c', 'undo b', 'undo a']);
    expect(ended.state).toMatchObject({
      status: 'compensated',
      taken: [],
      failure: { step: 'c', code: 'declined', reason: 'Card declined', lines: ['x'] },
    });
    expect(ended.subject).toEqual(['a', 'b', 'cancelled: declined']);
    expect(store.log('s1').map((e) => `${e.action} ${e.step} ${e.outcome}`)).toEqual([
      'invoke a succeeded',
      'invoke b succeeded',
      'invoke c failed',
      'compensate c succeeded',
      'compensate b succeeded',
      'compensate a succeeded',
      'compensate cancel succeeded',
    ]);
    expect(compensated).toEqual(['s1']);
  });

  it('counts a step that hangs past its timeout as failed, with the refusal it names', async () => {
    const { calls, step } = journal();
    const hanging = step('b', {
      timeoutMs: 20,
      run: () => new Promise(() => {}),
      timedOut: () => ({ code: 'timeout', reason: 'The stock system did not answer' }),
    });
    const { engine, store } = setup(definition([step('a'), hanging]));
    const ended = await engine.run(store.create('s1', {}, []));
    expect(ended.state).toMatchObject({
      status: 'compensated',
      failure: { step: 'b', code: 'timeout', reason: 'The stock system did not answer' },
    });
    expect(calls).toEqual(['run a', 'undo b', 'undo a']);
  });

  it('retries transient failures until they pass, or until the timeout fails the step', async () => {
    const { step } = journal();
    let failures = 2;
    const flaky = step('a', {
      timeoutMs: 10_000,
      async run() {
        if (failures-- > 0) throw new Transient('503');
        return { kind: 'done' };
      },
    });
    const retried: string[] = [];
    const passing = setup(definition([flaky]), { onRetry: (_, name) => retried.push(name) });
    expect((await passing.engine.run(passing.store.create('s1', {}, []))).state.status).toBe('completed');
    expect(retried).toEqual(['a', 'a']);

    const down = step('a', {
      timeoutMs: 30,
      async run() {
        throw new Transient('503');
      },
    });
    const failing = setup(definition([down]));
    const ended = await failing.engine.run(failing.store.create('s2', {}, []));
    expect(ended.state.failure).toMatchObject({ step: 'a', code: 'timeout' });
  });

  it('saves what is done before a step waits for a retry', async () => {
    const { step } = journal();
    const { engine, store } = setup(
      definition(
        [
          step('a'),
          step('b', {
            async run() {
              // The save before the wait is there when the retry comes.
              if (store.state('s1')?.taken.length === 0) throw new Transient('busy');
              return { kind: 'done' };
            },
          }),
        ],
        { idempotentSteps: true },
      ),
    );
    await engine.run(store.create('s1', {}, []));
    expect(store.saves('s1')).toBe(2);
    expect(store.state('s1')?.status).toBe('completed');
  });

  it('retries a compensation that fails transiently until it succeeds', async () => {
    const { calls, step } = journal();
    let failures = 3;
    const a = step('a', {
      async compensate() {
        if (failures-- > 0) throw new Transient('503');
        calls.push('undo a');
      },
    });
    const refusing = step('b', { run: async () => ({ kind: 'refused', code: 'no', reason: 'No' }) });
    const { engine, store } = setup(definition([a, refusing]));
    const ended = await engine.run(store.create('s1', {}, []));
    expect(ended.state.status).toBe('compensated');
    expect(calls).toEqual(['run a', 'undo b', 'undo a']);
  });

  it('records a compensation that fails otherwise, stays compensating, and retries it on the next run', async () => {
    const { calls, step } = journal();
    let broken = true;
    const a = step('a', {
      async compensate() {
        if (broken) throw new Error('refund ledger locked');
        calls.push('undo a');
      },
    });
    const refusing = step('b', { run: async () => ({ kind: 'refused', code: 'no', reason: 'No' }) });
    const stopped: unknown[] = [];
    const def = definition([a, refusing]);
    const { engine, store } = setup(def, { onStopped: (_, e) => stopped.push(e) });
    const halted = await engine.run(store.create('s1', {}, []));
    expect(halted.state).toMatchObject({ status: 'compensating', taken: ['a'] });
    expect(store.log('s1').at(-1)).toMatchObject({
      step: 'a',
      action: 'compensate',
      outcome: 'failed',
      detail: 'refund ledger locked',
    });
    expect(stopped).toHaveLength(1);

    broken = false;
    await setup(def, {}, store).engine.drive('s1');
    expect(store.state('s1')).toMatchObject({ status: 'compensated', taken: [] });
    expect(calls).toEqual(['run a', 'undo b', 'undo a']);
  });

  it('does nothing more for a saga that ended, and drives a saga once when asked twice at once', async () => {
    const { calls, step } = journal();
    const { engine, store } = setup(definition([step('a'), step('b')]));
    store.create('s1', {}, []);
    await Promise.all([engine.drive('s1'), engine.drive('s1')]);
    expect(calls).toEqual(['run a', 'run b']);
    const saves = store.saves('s1');
    await engine.drive('s1');
    await setup(definition([step('a'), step('b')]), {}, store).engine.drive('s1');
    expect(calls).toEqual(['run a', 'run b']);
    expect(store.saves('s1')).toBe(saves);
  });

  it('resumes a saga by step name when the definition gained a step meanwhile', async () => {
    const { calls, step } = journal();
    let crash = true;
    const c = step('c', {
      async run() {
        if (crash) throw new Error('deploy');
        calls.push('run c');
        return { kind: 'done' };
      },
    });
    const before = setup(definition([step('a'), step('b'), c]));
    before.store.create('s1', {}, []);
    await before.engine.drive('s1');
    expect(before.store.state('s1')?.taken).toEqual(['a', 'b']);

    // The new release checks fraud between a and b, and audits first: neither is run for a saga
    // already past them, and b is not repeated, as resuming by position (index 2) would.
    crash = false;
    const after = setup(
      definition([step('audit'), step('a'), step('fraud'), step('b'), c]),
      {},
      before.store,
    );
    await after.engine.drive('s1');
    expect(calls).toEqual(['run a', 'run b', 'run c']);
    expect(before.store.state('s1')).toMatchObject({ status: 'completed', taken: ['a', 'b', 'c'] });
  });

  it('tells who waits once a decisive step is saved, before the steps after it', async () => {
    const { step } = journal();
    const decided: string[][] = [];
    let failures = 1;
    const capture = step('capture', {
      async run() {
        if (failures-- > 0) throw new Transient('busy');
        return { kind: 'done' };
      },
    });
    const { engine, store } = setup(
      definition([step('reserve'), step('confirm', { decisive: true }), capture], { idempotentSteps: true }),
      { onDecided: (saga) => decided.push(saga.state.taken) },
    );
    await engine.run(store.create('s1', {}, []));
    expect(decided).toEqual([['reserve', 'confirm']]);
  });

  it('stops without writing when another driver takes the saga over while it waits', async () => {
    const { step } = journal();
    const store = createMemorySagaStore<Context, Subject, Effect>();
    const waiting = step('a', {
      async run() {
        store.lose('s1');
        throw new Transient('busy');
      },
    });
    const { engine } = setup(definition([waiting]), {}, store);
    store.create('s1', {}, []);
    await engine.drive('s1');
    expect(store.state('s1')).toMatchObject({ status: 'running', taken: [] });
    expect(store.saves('s1')).toBe(0);
  });
});
