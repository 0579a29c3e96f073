// The app's few design tokens: one place to change colours and spacing.
export const colors = {
  text: '#1d1d1f',
  muted: '#6e6e73',
  border: '#d2d2d7',
  background: '#ffffff',
  surface: '#f5f5f7',
  accent: '#0a6c74',
  accentText: '#ffffff',
  danger: '#b42318',
  dangerSurface: '#fef3f2',
  success: '#067647',
  warning: '#b54708',
};

export const space = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24 };
