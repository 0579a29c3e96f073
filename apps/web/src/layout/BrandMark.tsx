// The logo mark, drawn from the brand's shared geometry (the mobile app draws the same one).
import { BRAND_COLORS, BRAND_MARK } from '@emporium/contracts/brand';

export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg viewBox={`0 0 ${BRAND_MARK.size} ${BRAND_MARK.size}`} width={size} height={size} aria-hidden="true">
      <rect
        width={BRAND_MARK.size}
        height={BRAND_MARK.size}
        rx={BRAND_MARK.cornerRadius}
        fill="currentColor"
      />
      {BRAND_MARK.letter.map((bar) => (
        <rect key={`${bar.x},${bar.y},${bar.width}`} {...bar} fill={BRAND_COLORS.onPrimary} />
      ))}
    </svg>
  );
}
