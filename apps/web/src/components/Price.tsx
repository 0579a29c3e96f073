import { formatMoney, type Money } from '@emporium/api-client';
import { localeOf } from '../region/region-state';

/** An amount in its currency's locale; null: the item has no price in the shopper's currency. */
export function Price({ money, className }: { money: Money | null; className?: string }) {
  if (!money) return <span className="price-unavailable">Not sold in your region</span>;
  return <span className={className ?? 'price'}>{formatMoney(money, localeOf(money.currency))}</span>;
}
