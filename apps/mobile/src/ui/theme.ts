// The app's design tokens: the brand's colours and radii (shared with the web storefront through
// @emporium/contracts/brand) under the names this app's styles use, and its spacing.
import { BRAND_COLORS, BRAND_RADIUS } from '@emporium/contracts/brand';

export const colors = {
  text: BRAND_COLORS.text,
  muted: BRAND_COLORS.muted,
  border: BRAND_COLORS.border,
  // A phone screen is one sheet: the web's card surface, with the web's page tint as the fill
  // behind pictures, secondary buttons and notices.
  background: BRAND_COLORS.surface,
  surface: BRAND_COLORS.bg,
  accent: BRAND_COLORS.primary,
  accentText: BRAND_COLORS.onPrimary,
  danger: BRAND_COLORS.danger,
  dangerSurface: BRAND_COLORS.dangerSoft,
  success: BRAND_COLORS.success,
  warning: BRAND_COLORS.warning,
};

export const radius = BRAND_RADIUS;

export const space = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24 };
