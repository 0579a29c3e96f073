import { useRouter } from 'expo-router';
import { NotificationsScreen } from '../../screens/notifications-screen';

/** Notification links are web paths; the ones the app has a screen for open it. */
const ORDER_LINK = /^\/orders\/([0-9a-f-]{36})$/i;

export default function NotificationsTab() {
  const router = useRouter();
  return (
    <NotificationsScreen
      onOpenLink={(link) => {
        const order = ORDER_LINK.exec(link);
        if (order) router.push(`/orders/${order[1]}`);
      }}
      onSignIn={() => router.push('/sign-in')}
    />
  );
}
