// A labelled text input with its validation message underneath, announced to screen readers.
import { StyleSheet, Text, TextInput, type TextInputProps, View } from 'react-native';
import { colors, radius, space } from './theme';

interface FieldProps extends Omit<TextInputProps, 'value' | 'onChangeText'> {
  label: string;
  value: string;
  onChangeText: (text: string) => void;
  error?: string | undefined;
  hint?: string;
}

export function Field({ label, value, onChangeText, error, hint, ...input }: FieldProps) {
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      <TextInput
        aria-label={label}
        aria-invalid={Boolean(error)}
        value={value}
        onChangeText={onChangeText}
        placeholderTextColor={colors.muted}
        style={[styles.input, error ? styles.invalid : null]}
        {...input}
      />
      {hint && !error ? <Text style={styles.hint}>{hint}</Text> : null}
      {error ? (
        <Text role="alert" style={styles.error}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  field: { marginBottom: space.md },
  label: { fontSize: 14, fontWeight: '600', color: colors.text, marginBottom: space.xs },
  input: {
    minHeight: 44,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radius.small,
    paddingHorizontal: space.md,
    fontSize: 16,
    color: colors.text,
    backgroundColor: colors.background,
  },
  invalid: { borderColor: colors.danger },
  hint: { fontSize: 13, color: colors.muted, marginTop: space.xs },
  error: { fontSize: 13, color: colors.danger, marginTop: space.xs },
});
