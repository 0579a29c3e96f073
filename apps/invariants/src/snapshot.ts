// What the checker sees: the rows of every store that hold money, stock and e-mail, read directly
// (not through the API) once the platform is quiet. Plain data, so checks are pure functions and
// a test can plant a wrong row in one without a platform.
export interface OrderFacts {
  id: string;
  cartId: string;
  email: string;
  status: string;
  total: number;
  refunded: number;
  paymentId: string | null;
  lines: { sku: string; quantity: number }[];
}

/** A return or exchange of an order (order database, migrations 0007 and 0014). */
export interface ReturnFacts {
  id: string;
  orderId: string;
  kind: 'return' | 'exchange';
  status: string;
  /** An exchange's price difference with tax: > 0 the shopper pays it, < 0 it is refunded; 0 for a return. */
  difference: number;
  /** The payment that authorizes (and, once exchanged, captured) a positive difference. */
  chargePaymentId: string | null;
  /** A refunded return's share of dearer differences, given back by their own payments (migration 0016). */
  chargeRefunded: number;
  replacementSku: string | null;
  replacementReservationId: string | null;
  /** Units sent back; `restocked` once the product service took them back into stock. */
  lines: { sku: string; quantity: number; restocked: boolean }[];
}

export interface TransitionFacts {
  orderId: string;
  from: string | null;
  to: string;
}

export interface PaymentFacts {
  id: string;
  orderId: string;
  amount: number;
  refundedAmount: number;
  status: string;
  providerRef: string | null;
}

export interface RefundFacts {
  id: string;
  paymentId: string;
  amount: number;
}

/** The sandbox card network's own books (payment database): what the provider charged. */
export interface ChargeFacts {
  id: string;
  amount: number;
  refundedAmount: number;
  status: string;
}

export interface StockFacts {
  sku: string;
  available: number;
  reserved: number;
  holds: Record<string, number>;
}

export interface ReservationFacts {
  id: string;
  status: string;
  lines: { sku: string; quantity: number }[];
}

export interface DeliveryFacts {
  id: string;
  eventId: string;
  kind: string;
  recipient: string;
  status: string;
}

/** A mail the memory SMTP sink received: what actually went out. */
export interface MailFacts {
  recipients: string[];
  subject: string;
}

/** What is still in flight; all zero once the platform is quiet. */
export interface InFlight {
  checkoutsRunning: number;
  outboxRows: number;
  deliveriesQueued: number;
  /** Refunds reserved (in the order or the payment service) whose outcome is not settled. */
  refundsPending: number;
}

export interface Snapshot {
  orders: OrderFacts[];
  returns: ReturnFacts[];
  transitions: TransitionFacts[];
  payments: PaymentFacts[];
  refunds: RefundFacts[];
  charges: ChargeFacts[];
  stock: StockFacts[];
  reservations: ReservationFacts[];
  deliveries: DeliveryFacts[];
  mails: MailFacts[];
  inFlight: InFlight;
}
