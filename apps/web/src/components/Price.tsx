import { formatMoney, type Money } from '@emporium/api-client';

export function Price({ money, className }: { money: Money; className?: string }) {
  return <span className={className ?? 'price'}>{formatMoney(money)}</span>;
}
