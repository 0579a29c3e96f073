import { ActivityIndicator, Pressable, StyleSheet, Text } from 'react-native';
import { colors, radius, space } from './theme';

interface ButtonProps {
  label: string;
  onPress: () => void;
  /** What a screen reader says when the visible label alone is ambiguous ("Add Blue / M to cart"). */
  accessibilityLabel?: string;
  disabled?: boolean;
  busy?: boolean;
  variant?: 'primary' | 'secondary' | 'danger';
}

export function Button({
  label,
  onPress,
  accessibilityLabel,
  disabled,
  busy,
  variant = 'primary',
}: ButtonProps) {
  const inactive = disabled || busy;
  return (
    <Pressable
      role="button"
      aria-label={accessibilityLabel ?? label}
      aria-disabled={inactive}
      aria-busy={busy}
      disabled={inactive}
      onPress={onPress}
      style={[styles.base, styles[variant], inactive && styles.inactive]}
    >
      {busy ? (
        <ActivityIndicator color={variant === 'primary' ? colors.accentText : colors.accent} />
      ) : (
        <Text style={[styles.label, variant === 'primary' ? styles.primaryLabel : styles.otherLabel]}>
          {label}
        </Text>
      )}
    </Pressable>
  );
}

const styles = StyleSheet.create({
  base: {
    minHeight: 44,
    borderRadius: radius.small,
    paddingHorizontal: space.lg,
    alignItems: 'center',
    justifyContent: 'center',
  },
  primary: { backgroundColor: colors.accent },
  secondary: { backgroundColor: colors.surface, borderWidth: 1, borderColor: colors.border },
  danger: { backgroundColor: colors.dangerSurface, borderWidth: 1, borderColor: colors.danger },
  inactive: { opacity: 0.5 },
  label: { fontSize: 16, fontWeight: '600' },
  primaryLabel: { color: colors.accentText },
  otherLabel: { color: colors.text },
});
