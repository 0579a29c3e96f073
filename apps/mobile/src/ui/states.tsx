// What a screen shows while it loads, when there is nothing to show, and when loading failed.
import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';
import { Button } from './button';
import { colors, radius, space } from './theme';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <View style={styles.centered} role="progressbar" aria-label={label} aria-busy>
      <ActivityIndicator size="large" color={colors.accent} />
    </View>
  );
}

export function EmptyState({ title, hint }: { title: string; hint?: string }) {
  return (
    <View style={styles.centered}>
      <Text style={styles.title}>{title}</Text>
      {hint ? <Text style={styles.hint}>{hint}</Text> : null}
    </View>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View style={styles.centered}>
      <Text role="alert" style={styles.error}>
        {message}
      </Text>
      {onRetry ? <Button label="Try again" variant="secondary" onPress={onRetry} /> : null}
    </View>
  );
}

/** An inline message box, e.g. a declined payment above the checkout button. */
export function Notice({ message, tone = 'danger' }: { message: string; tone?: 'danger' | 'info' }) {
  return (
    <View
      role={tone === 'danger' ? 'alert' : 'status'}
      style={[styles.notice, tone === 'info' && styles.info]}
    >
      <Text style={tone === 'danger' ? styles.noticeDanger : styles.noticeInfo}>{message}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  centered: { flexGrow: 1, alignItems: 'center', justifyContent: 'center', padding: space.xl, gap: space.md },
  title: { fontSize: 18, fontWeight: '600', color: colors.text, textAlign: 'center' },
  hint: { fontSize: 15, color: colors.muted, textAlign: 'center' },
  error: { fontSize: 15, color: colors.danger, textAlign: 'center' },
  notice: {
    borderRadius: radius.large,
    padding: space.md,
    marginVertical: space.sm,
    backgroundColor: colors.dangerSurface,
    borderWidth: 1,
    borderColor: colors.danger,
  },
  info: { backgroundColor: colors.surface, borderColor: colors.border },
  noticeDanger: { color: colors.danger, fontSize: 15 },
  noticeInfo: { color: colors.text, fontSize: 15 },
});
