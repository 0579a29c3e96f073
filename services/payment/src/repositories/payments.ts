// SQL for payments, their ledger of provider attempts, and refunds.
import type { Payment, PaymentStatus } from '@emporium/contracts/payment';
import type { SqlExecutor } from '@emporium/platform';

export interface PaymentRow {
  id: string;
  order_id: string;
  customer_id: string | null;
  amount: number;
  currency: string;
  refunded_amount: number;
  /** Reserved by refunds the provider was asked for and has not answered yet. */
  refunding_amount: number;
  status: PaymentStatus;
  provider: string;
  provider_ref: string | null;
  decline_code: string | null;
  decline_message: string | null;
  created_at: Date;
}

export interface Attempt {
  paymentId: string;
  kind: 'authorize' | 'capture' | 'void' | 'refund' | 'reconcile' | 'webhook';
  outcome: 'succeeded' | 'declined' | 'error';
  amount?: number;
  providerRef?: string;
  code?: string;
  message?: string;
}

export function toPayment(row: PaymentRow): Payment {
  return {
    paymentId: row.id,
    orderId: row.order_id,
    status: row.status,
    amount: { amount: row.amount, currency: row.currency },
    refunded: { amount: row.refunded_amount, currency: row.currency },
    provider: row.provider,
    ...(row.decline_code ? { declineCode: row.decline_code } : {}),
    ...(row.decline_message ? { declineMessage: row.decline_message } : {}),
    createdAt: row.created_at.toISOString(),
  };
}

// Listed, not `*`: the hot statements are prepared, and a prepared `*` breaks when a column is added.
export const PAYMENT_COLUMNS = `id, order_id, customer_id, amount, currency, refunded_amount, refunding_amount, status, provider, provider_ref,
  decline_code, decline_message, created_at`;

export const paymentsRepository = {
  async find(tx: SqlExecutor, id: string): Promise<PaymentRow | undefined> {
    const { rows } = await tx.query<PaymentRow>(
      `select ${PAYMENT_COLUMNS} from payments where id = $1`,
      [id],
      {
        prepare: true,
      },
    );
    return rows[0];
  },

  async findByProviderRef(tx: SqlExecutor, providerRef: string): Promise<PaymentRow | undefined> {
    const { rows } = await tx.query<PaymentRow>(
      `select ${PAYMENT_COLUMNS} from payments where provider_ref = $1 order by created_at desc limit 1`,
      [providerRef],
    );
    return rows[0];
  },

  /** Moves a payment from one of `from` to `to`; undefined when it was not in one of them. */
  async transition(
    tx: SqlExecutor,
    id: string,
    from: PaymentStatus[],
    to: PaymentStatus,
    refundedDelta = 0,
  ): Promise<PaymentRow | undefined> {
    const { rows } = await tx.query<PaymentRow>(
      `update payments set status = $3, refunded_amount = refunded_amount + $4, updated_at = now()
       where id = $1 and status = any($2::text[]) returning ${PAYMENT_COLUMNS}`,
      [id, from, to, refundedDelta],
      { prepare: true },
    );
    return rows[0];
  },

  async list(
    tx: SqlExecutor,
    filter: { orderId?: string; status?: string; limit: number },
  ): Promise<PaymentRow[]> {
    const { rows } = await tx.query<PaymentRow>(
      `select ${PAYMENT_COLUMNS} from payments
       where ($1::uuid is null or order_id = $1) and ($2::text is null or status = $2)
       order by created_at desc limit $3`,
      [filter.orderId ?? null, filter.status ?? null, filter.limit],
    );
    return rows;
  },

  async recordAttempt(tx: SqlExecutor, a: Attempt): Promise<void> {
    await tx.query(
      `insert into payment_attempts (payment_id, kind, outcome, amount, provider_ref, code, message)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        a.paymentId,
        a.kind,
        a.outcome,
        a.amount ?? null,
        a.providerRef ?? null,
        a.code ?? null,
        a.message ?? null,
      ],
      { prepare: true },
    );
  },

  async attempts(tx: SqlExecutor, paymentId: string) {
    const { rows } = await tx.query<{ kind: string; outcome: string; code: string | null }>(
      'select kind, outcome, code from payment_attempts where payment_id = $1 order by id',
      [paymentId],
    );
    return rows;
  },
};
