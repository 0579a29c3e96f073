// The header's region selector: where the shopper buys, which decides the currency prices show in.
import { useRegion } from './region-context';

export function RegionSelect() {
  const { regions, region, choose } = useRegion();
  if (regions.length === 0) return null;
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
