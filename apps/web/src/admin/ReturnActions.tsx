// The steps an admin takes on one return, as its state allows: approve or reject a request,
// receive the parcel (per line: back into stock or not, and its condition; the shipping refunded
// with it or not), and refund what it is owed. Each answer replaces the order shown.
import type { Order, OrderReturn, ReturnReceipt } from '@emporium/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field, SelectField } from '../components/Field';
import { FormError } from '../components/states';

type Condition = ReturnReceipt['lines'][number]['condition'];

export function ReturnActions({ order, ret }: { order: Order; ret: OrderReturn }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const returns = api.admin.orders.returns;
  const [rejection, setRejection] = useState('');
  const [rejectionError, setRejectionError] = useState<string>();
  const [receipt, setReceipt] = useState<Record<string, { restock: boolean; condition: Condition }>>(() =>
    Object.fromEntries(
      ret.lines.map((line) => [line.sku, { restock: true, condition: 'as_new' as Condition }]),
    ),
  );
  const [refundShipping, setRefundShipping] = useState(false);
  const step = useMutation({
    mutationFn: (run: () => Promise<Order>) => run(),
    onSuccess: (updated) => queryClient.setQueryData(['admin', 'order', order.orderId], updated),
  });
  const id = order.orderId;

  const receive = (event: FormEvent) => {
    event.preventDefault();
    const lines = ret.lines.map((line) => ({ sku: line.sku, ...receipt[line.sku]! }));
    step.mutate(() => returns.receive(id, ret.returnId, { lines, refundShipping }));
  };

  return (
    <div className="return-actions">
      <FormError error={step.error} />
      {ret.status === 'requested' ? (
        <button
          type="button"
          className="button button-primary"
          disabled={step.isPending}
          onClick={() => step.mutate(() => returns.approve(id, ret.returnId))}
        >
          Approve return {ret.number}
        </button>
      ) : null}
      {ret.status === 'requested' || ret.status === 'approved' ? (
        <form
          aria-label={`Reject return ${ret.number}`}
          onSubmit={(event) => {
            event.preventDefault();
            if (!rejection.trim()) return setRejectionError('Say why, for the customer.');
            setRejectionError(undefined);
            step.mutate(() => returns.reject(id, ret.returnId, rejection.trim()));
          }}
        >
          <Field
            label="Why reject"
            name={`reject-${ret.returnId}`}
            value={rejection}
            error={rejectionError}
            onChange={(e) => setRejection(e.target.value)}
          />
          <button type="submit" className="button button-danger" disabled={step.isPending}>
            Reject
          </button>
        </form>
      ) : null}
      {ret.status === 'approved' ? (
        <form aria-label={`Receive return ${ret.number}`} onSubmit={receive}>
          {ret.lines.map((line) => (
            <fieldset key={line.sku}>
              <legend>
                {line.quantity} × {line.title}
              </legend>
              <label>
                <input
                  type="checkbox"
                  checked={receipt[line.sku]!.restock}
                  onChange={(e) =>
                    setReceipt({
                      ...receipt,
                      [line.sku]: { ...receipt[line.sku]!, restock: e.target.checked },
                    })
                  }
                />{' '}
                Back into stock
              </label>
              <SelectField
                label="Condition"
                name={`condition-${line.sku}`}
                value={receipt[line.sku]!.condition}
                onChange={(e) =>
                  setReceipt({
                    ...receipt,
                    [line.sku]: { ...receipt[line.sku]!, condition: e.target.value as Condition },
                  })
                }
              >
                <option value="as_new">As new</option>
                <option value="opened">Opened</option>
                <option value="damaged">Damaged</option>
              </SelectField>
            </fieldset>
          ))}
          {/* An exchange ships a replacement and settles its difference itself: no shipping refund. */}
          {ret.kind !== 'exchange' ? (
            <label>
              <input
                type="checkbox"
                checked={refundShipping}
                onChange={(e) => setRefundShipping(e.target.checked)}
              />{' '}
              Refund the shipping with this return
            </label>
          ) : null}
          <button type="submit" className="button button-primary" disabled={step.isPending}>
            Mark received
          </button>
        </form>
      ) : null}
      {ret.status === 'received' && ret.kind !== 'exchange' ? (
        <button
          type="button"
          className="button button-primary"
          disabled={step.isPending}
          onClick={() => step.mutate(() => returns.refund(id, ret.returnId))}
        >
          Refund return {ret.number}
        </button>
      ) : null}
    </div>
  );
}
