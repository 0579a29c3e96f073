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
