// A variant's price as this shopper pays it: a price list's lower price (a sale for everyone, or
// their customer group's) shown against the struck catalog price for a sale, and the lower
// prices from more units on. The pricing service answers by the quote's own rule (ADR 0017), so
// checkout charges what is shown here; a price not below the catalog's is never shown.
import type { Money, ShopperPrice } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../app/api-context';
import { Price } from '../../components/Price';

export function YourPrice({ sku, price }: { sku: string; price: Money | null }) {
  const api = useApi();
  // Not under 'catalog': the answer depends on who is signed in, and a change of account drops it.
  const prices = useQuery({
    queryKey: ['prices', sku, price?.currency],
    queryFn: ({ signal }) => api.catalog.prices([sku], price!.currency, signal),
    enabled: price !== null,
  });
  if (!price) return <Price money={price} />;
  const found: ShopperPrice | undefined = prices.data?.find((p) => p.sku === sku);
  const unit = found?.unit && found.unit.amount < price.amount ? found.unit : undefined;
  const paid = unit?.amount ?? price.amount;
  const tiers = (found?.tiers ?? []).filter((tier) => tier.amount < paid);
  const money = (amount: number) => ({ amount, currency: price.currency });
  return (
    <>
      {unit ? (
        <>
          {unit.type === 'sale' ? (
            <>
              <span className="visually-hidden">Was </span>
              <s className="price-was">
                <Price money={price} />
              </s>{' '}
            </>
          ) : null}
          <span className="price-yours">
            Your price <Price money={money(unit.amount)} />
          </span>
        </>
      ) : (
        <Price money={price} />
      )}
      {tiers.length > 0 ? (
        <ul className="price-tiers" aria-label="Prices by quantity">
          {tiers.map((tier) => (
            <li key={tier.minQuantity}>
              From {tier.minQuantity} units: <Price money={money(tier.amount)} /> each
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
