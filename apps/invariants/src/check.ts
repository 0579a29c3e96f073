// The checker: every invariant over one snapshot of the stores, the stock before the run and the
// history. Pure, so a planted wrong row is a unit test.
import { checkAnswers } from './check-answers.js';
import { checkCarts } from './check-carts.js';
import { checkMail } from './check-mail.js';
import { checkMoney } from './check-money.js';
import { checkStock } from './check-stock.js';
import type { Operation } from './history.js';
import type { Snapshot, StockFacts } from './snapshot.js';
import type { Violation } from './violation.js';

export interface CheckInputs {
  initialStock: readonly StockFacts[];
  snapshot: Snapshot;
  operations: readonly Operation[];
  /** Whether faults were injected: then unanswered requests and 503s are expected. */
  faults: boolean;
}

export function checkQuiet(snapshot: Snapshot): Violation[] {
  const { checkoutsRunning, outboxRows, deliveriesQueued, refundsPending } = snapshot.inFlight;
  if (checkoutsRunning + outboxRows + deliveriesQueued + refundsPending === 0) return [];
  return [
    {
      invariant: 'quiet',
      entity: 'platform',
      message:
        `still in flight after the quiet period: ${checkoutsRunning} checkouts running, ` +
        `${outboxRows} events in outboxes, ${deliveriesQueued} e-mails queued, ` +
        `${refundsPending} refunds with an unsettled outcome`,
      refs: [],
    },
  ];
}

export function check({ initialStock, snapshot, operations, faults }: CheckInputs): Violation[] {
  return [
    ...checkAnswers(operations, faults),
    ...checkQuiet(snapshot),
    ...checkMoney(snapshot),
    ...checkCarts(snapshot),
    ...checkStock({ initial: initialStock, snapshot, operations }),
    ...checkMail(snapshot),
  ];
}
