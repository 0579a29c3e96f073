// The header's region selector: where the shopper buys, which decides the currency prices show in.
import { useRegion } from './region-context';

export function RegionSelect() {
  const { regions, region, choose } = useRegion();
  // Until the regions are known, an empty box of the selector's width holds its place: the header
  // around it does not move when it appears.
  if (regions.length === 0) return <span className="region-select" aria-hidden="true" />;
  return (
    <label className="region-select">
      <span className="visually-hidden">Region</span>
      <select aria-label="Region" value={region?.code} onChange={(event) => choose(event.target.value)}>
        {regions.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name} ({r.currency})
          </option>
        ))}
      </select>
    </label>
  );
}
