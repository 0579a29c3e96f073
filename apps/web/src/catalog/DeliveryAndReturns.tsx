// What a shopper asks before buying: where it ships, what happens to tax, and how long they have to
// send it back — from the region they shop in, so it says what the checkout will do.
import { Link } from 'react-router';
import { useRegion } from '../region/region-context';

export function DeliveryAndReturns() {
  const { region } = useRegion();
  if (!region) return null;
  return (
    <section className="delivery-returns" aria-labelledby="delivery-returns">
      <h2 id="delivery-returns">Delivery and returns</h2>
      <ul>
        <li>
          Ships within {region.name}; delivery options and their prices are shown at checkout.{' '}
          <Link to="/pages/shipping">Shipping</Link>
        </li>
        <li>{region.taxInclusive ? 'Prices include tax.' : 'Tax is added at checkout where it applies.'}</li>
        <li>
          {region.returnWindowDays > 0
            ? `Returns accepted within ${region.returnWindowDays} days of delivery.`
            : 'Returns are not accepted in this region.'}{' '}
          <Link to="/pages/returns">Returns</Link>
        </li>
      </ul>
    </section>
  );
}
