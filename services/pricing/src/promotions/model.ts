// A promotion as the quote engine applies it (pure data; the repository reads it from the table).
// Amounts are minor units of `currency`; a percentage is in millionths like a tax rate.

export type PromotionKind = 'percentage' | 'fixed' | 'free_shipping' | 'buy_x_get_y';

export interface PromotionTargetRule {
  productIds: string[];
  /** A line matches when its category path holds one of these. */
  categories: string[];
  brands: string[];
}

export interface PromotionRule {
  id: string;
  name: string;
  kind: PromotionKind;
  /** Present for a coupon (as the admin wrote it); automatic promotions have none. */
  code?: string;
  percentPpm?: number;
  amount?: number;
  currency?: string;
  buyQuantity?: number;
  getQuantity?: number;
  target: PromotionTargetRule;
  minSubtotal?: number;
  exclusive: boolean;
}

/** What a promotion may look at on a line. */
export interface DiscountableLine {
  unitPrice: number;
  quantity: number;
  productId?: string;
  categories?: string[];
  brand?: string;
}

export interface PromotionOutcome {
  /** Per line, in the order of the lines: the sum of every applied promotion's share. */
  lineDiscounts: number[];
  shippingDiscount: number;
  applied: { promotion: PromotionRule; amount: number }[];
}
