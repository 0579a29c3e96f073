// A selectable pill: categories, variant options, sort orders, shipping methods.
import { Pressable, StyleSheet, Text } from 'react-native';
import { colors, space } from './theme';

interface ChipProps {
  label: string;
  selected: boolean;
  onPress: () => void;
  accessibilityLabel?: string;
  disabled?: boolean;
  /** `radio` inside a single-choice group, `tab` for filters that switch a list. */
  role?: 'radio' | 'tab' | 'button';
}

export function Chip({ label, selected, onPress, accessibilityLabel, disabled, role = 'radio' }: ChipProps) {
  return (
    <Pressable
      role={role}
      aria-label={accessibilityLabel ?? label}
      aria-selected={role === 'tab' ? selected : undefined}
      aria-checked={role === 'radio' ? selected : undefined}
      aria-disabled={disabled}
      disabled={disabled}
      onPress={onPress}
      style={[styles.chip, selected && styles.selected, disabled && styles.disabled]}
    >
      <Text style={[styles.label, selected && styles.selectedLabel]}>{label}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  chip: {
    minHeight: 36,
    // A long label (a pickup point's name and hint) wraps inside the screen instead of running off it.
    maxWidth: '100%',
    paddingHorizontal: space.md,
    paddingVertical: 6,
    borderRadius: 18,
    borderWidth: 1,
    borderColor: colors.border,
    justifyContent: 'center',
    marginRight: space.sm,
    marginBottom: space.sm,
  },
  selected: { backgroundColor: colors.accent, borderColor: colors.accent },
  disabled: { opacity: 0.4 },
  label: { color: colors.text },
  selectedLabel: { color: colors.accentText, fontWeight: '600' },
});
