// Sign in or create an account. On success the guest cart joins the account's cart.
import { ApiError } from '@emporium/api-client';
import { useState } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useSession } from '../shop/shop-provider';
import { Button } from '../ui/button';
import { Chip } from '../ui/chip';
import { Field } from '../ui/field';
import { Notice } from '../ui/states';
import { colors, space } from '../ui/theme';

type Mode = 'sign-in' | 'sign-up';

/** The auth service's rule for new passwords (its strength check comes on top). */
const MIN_PASSWORD_LENGTH = 12;

function failureMessage(error: unknown, mode: Mode): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (mode === 'sign-in' && error.status === 401) return 'That e-mail and password do not match an account.';
  return error.message;
}

export function SignInScreen({ onSignedIn }: { onSignedIn: () => void }) {
  const session = useSession();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    const found: typeof errors = {};
    if (!email.trim()) found.email = 'Enter your e-mail address.';
    if (!password) found.password = 'Enter your password.';
    else if (mode === 'sign-up' && password.length < MIN_PASSWORD_LENGTH) {
      found.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    }
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (mode === 'sign-in') await session.signIn(email.trim(), password);
      else await session.signUp(email.trim(), password, displayName.trim() || undefined);
      onSignedIn();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      setFailure(failureMessage(error, mode));
    } finally {
      setBusy(false);
    }
  }

  return (
    <ScrollView contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
      <View role="tablist" style={styles.modes}>
        <Chip role="tab" label="Sign in" selected={mode === 'sign-in'} onPress={() => setMode('sign-in')} />
        <Chip
          role="tab"
          label="Create account"
          selected={mode === 'sign-up'}
          onPress={() => setMode('sign-up')}
        />
      </View>
      <Field
        label="E-mail"
        value={email}
        onChangeText={setEmail}
        error={errors.email}
        keyboardType="email-address"
        autoCapitalize="none"
        autoComplete="email"
      />
      {mode === 'sign-up' ? (
        <Field
          label="Name (optional)"
          value={displayName}
          onChangeText={setDisplayName}
          autoComplete="name"
        />
      ) : null}
      <Field
        label="Password"
        value={password}
        onChangeText={setPassword}
        error={errors.password}
        secureTextEntry
        autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
        {...(mode === 'sign-up' ? { hint: `At least ${MIN_PASSWORD_LENGTH} characters.` } : {})}
      />
      {failure ? <Notice message={failure} /> : null}
      <Button label={mode === 'sign-in' ? 'Sign in' : 'Create account'} busy={busy} onPress={submit} />
      <Text style={styles.hint}>Items in your cart stay with you when you sign in.</Text>
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  content: { padding: space.lg },
  modes: { flexDirection: 'row', marginBottom: space.lg },
  hint: { fontSize: 13, color: colors.muted, marginTop: space.md, textAlign: 'center' },
});
