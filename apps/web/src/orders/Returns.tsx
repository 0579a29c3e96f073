// An order's returns and exchanges: what each carries, where it stands, what it is owed once
// received, and for an exchange what replaces the units and what the difference costs. `actions`
// lets the admin page add the steps a return's state allows.
import { formatMoney, type Order, type OrderReturn } from '@emporium/api-client';
import type { ReactNode } from 'react';

const STATUS: Record<OrderReturn['status'], string> = {
  requested: 'requested, waiting for the shop',
  approved: 'approved, please send the items back',
  rejected: 'rejected',
  received: 'received, refund on its way',
  refunded: 'refunded',
  exchanged: 'exchanged, replacement shipped',
};

const EXCHANGE_STATUS: Partial<Record<OrderReturn['status'], string>> = {
  approved: 'approved, replacement set aside: please send the items back',
  received: 'received, replacement about to ship',
};

const CONDITION: Record<NonNullable<OrderReturn['lines'][number]['condition']>, string> = {
  as_new: 'as new',
  opened: 'opened',
  damaged: 'damaged',
};

const word = (ret: OrderReturn) => (ret.kind === 'exchange' ? 'Exchange' : 'Return');

export function Returns({ order, actions }: { order: Order; actions?: (ret: OrderReturn) => ReactNode }) {
  if (order.returns.length === 0) return null;
  return (
    <section className="card" aria-labelledby="returns-heading">
      <h2 id="returns-heading">Returns</h2>
      <ol className="plain-list">
        {order.returns.map((ret) => (
          <li key={ret.returnId} aria-label={`${word(ret)} ${ret.number}`}>
            <strong>
              {word(ret)} {ret.number}:{' '}
              {(ret.kind === 'exchange' && EXCHANGE_STATUS[ret.status]) || STATUS[ret.status]}
            </strong>
            <span className="muted"> — {ret.reason}</span>
            {ret.rejectionReason ? <p>Why: {ret.rejectionReason}</p> : null}
            <ul>
              {ret.lines.map((line) => (
                <li key={line.sku}>
                  {line.quantity} × {line.title}
                  {line.condition ? <span className="muted"> ({CONDITION[line.condition]})</span> : null}
                </li>
              ))}
            </ul>
            {ret.replacement ? (
              <p>
                In exchange for: {ret.replacement.quantity} × {ret.replacement.title}
              </p>
            ) : null}
            {ret.charge ? <p>Difference to pay: {formatMoney(ret.charge)}</p> : null}
            {ret.refund ? (
              <p>
                Refund: {formatMoney(ret.refund)}
                {ret.refundShipping ? ' including shipping' : ''}
              </p>
            ) : null}
            {actions?.(ret)}
          </li>
        ))}
      </ol>
    </section>
  );
}
