// SQL for payments, their ledger of provider attempts, and refunds. Rows are mapped once, here,
// into PaymentRecord.
import type { PaymentStatus } from '@emporium/contracts/payment';
import { type SqlExecutor, sql } from '@emporium/platform';

/** A payment as the use cases read it. */
export interface PaymentRecord {
  id: string;
  orderId: string;
  customerId: string | null;
  amount: number;
  currency: string;
  refundedAmount: number;
  /** Reserved by refunds the provider was asked for and has not answered yet. */
  refundingAmount: number;
  status: PaymentStatus;
  provider: string;
  providerRef: string | null;
  declineCode: string | null;
  declineMessage: string | null;
  createdAt: Date;
}

/** A payments row as PAYMENT_COLUMNS selects it. */
export interface PaymentRow {
  id: string;
  order_id: string;
  customer_id: string | null;
  amount: number;
  currency: string;
  refunded_amount: number;
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

export interface AttemptSummary {
  kind: string;
  outcome: string;
  code: string | null;
}

// Listed, not `*`: the hot statements are prepared, and a prepared `*` breaks when a column is added.
export const PAYMENT_COLUMNS = sql.raw(`id, order_id, customer_id, amount, currency, refunded_amount,
  refunding_amount, status, provider, provider_ref, decline_code, decline_message, created_at`);

export function toPaymentRecord(row: PaymentRow): PaymentRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    customerId: row.customer_id,
    amount: row.amount,
    currency: row.currency,
    refundedAmount: row.refunded_amount,
    refundingAmount: row.refunding_amount,
    status: row.status,
    provider: row.provider,
    providerRef: row.provider_ref,
    declineCode: row.decline_code,
    declineMessage: row.decline_message,
    createdAt: row.created_at,
  };
}

export const paymentsRepository = {
  async find(tx: SqlExecutor, id: string): Promise<PaymentRecord | undefined> {
    const { rows } = await tx.query<PaymentRow>(
      sql`select ${PAYMENT_COLUMNS} from payments where id = ${id}`,
      {
        prepare: true,
      },
    );
    return rows[0] && toPaymentRecord(rows[0]);
  },

  async findByProviderRef(tx: SqlExecutor, providerRef: string): Promise<PaymentRecord | undefined> {
    const { rows } = await tx.query<PaymentRow>(
      sql`select ${PAYMENT_COLUMNS} from payments where provider_ref = ${providerRef}
          order by created_at desc limit 1`,
    );
    return rows[0] && toPaymentRecord(rows[0]);
  },

  /** Moves a payment from one of `from` to `to`; undefined when it was not in one of them. */
  async transition(
    tx: SqlExecutor,
    id: string,
    from: PaymentStatus[],
    to: PaymentStatus,
    refundedDelta = 0,
  ): Promise<PaymentRecord | undefined> {
    const { rows } = await tx.query<PaymentRow>(
      sql`update payments set status = ${to}, refunded_amount = refunded_amount + ${refundedDelta},
            updated_at = now()
          where id = ${id} and status = any(${from}::text[]) returning ${PAYMENT_COLUMNS}`,
      { prepare: true },
    );
    return rows[0] && toPaymentRecord(rows[0]);
  },

  async list(
    tx: SqlExecutor,
    filter: { orderId?: string; status?: string; limit: number },
  ): Promise<PaymentRecord[]> {
    const conditions = [
      filter.orderId === undefined ? undefined : sql`order_id = ${filter.orderId}::uuid`,
      filter.status === undefined ? undefined : sql`status = ${filter.status}`,
    ].filter((condition) => condition !== undefined);
    const where = conditions.length > 0 ? sql`where ${sql.join(conditions, ' and ')}` : sql.empty;
    const { rows } = await tx.query<PaymentRow>(
      sql`select ${PAYMENT_COLUMNS} from payments ${where} order by created_at desc limit ${filter.limit}`,
    );
    return rows.map(toPaymentRecord);
  },

  async recordAttempt(tx: SqlExecutor, a: Attempt): Promise<void> {
    await tx.query(
      sql`insert into payment_attempts (payment_id, kind, outcome, amount, provider_ref, code, message)
          values (${a.paymentId}, ${a.kind}, ${a.outcome}, ${a.amount ?? null}, ${a.providerRef ?? null},
            ${a.code ?? null}, ${a.message ?? null})`,
      { prepare: true },
    );
  },

  async attempts(tx: SqlExecutor, paymentId: string): Promise<AttemptSummary[]> {
    const { rows } = await tx.query<AttemptSummary>(
      sql`select kind, outcome, code from payment_attempts where payment_id = ${paymentId} order by id`,
    );
    return rows;
  },
};
