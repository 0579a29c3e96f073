// The account tab: who is signed in and the way out; the sign-in form for guests.
import { StyleSheet, Text, View } from 'react-native';
import { useSession } from '../shop/shop-provider';
import { Button } from '../ui/button';
import { Loading, Notice } from '../ui/states';
import { colors, space } from '../ui/theme';
import { SignInScreen } from './sign-in-screen';

export function AccountScreen({ onOpenOrders }: { onOpenOrders: () => void }) {
  const session = useSession();
  if (!session.ready) return <Loading />;
  if (!session.user) return <SignInScreen onSignedIn={onOpenOrders} />;
  const { user } = session;
  return (
    <View style={styles.content}>
      <Text style={styles.label}>Signed in as</Text>
      <Text style={styles.email}>{user.email}</Text>
      {user.emailVerified ? null : (
        <Notice tone="info" message="Please confirm your e-mail address with the link we sent you." />
      )}
      <Button label="My orders" variant="secondary" onPress={onOpenOrders} />
      <Button label="Sign out" variant="danger" onPress={() => session.signOut()} />
    </View>
  );
}

const styles = StyleSheet.create({
  content: { padding: space.lg, gap: space.md },
  label: { fontSize: 14, color: colors.muted },
  email: { fontSize: 18, fontWeight: '600', color: colors.text },
});
