import { useRouter } from 'expo-router';
import { AccountScreen } from '../../screens/account-screen';

export default function AccountTab() {
  const router = useRouter();
  return <AccountScreen onOpenOrders={() => router.navigate('/orders')} />;
}
