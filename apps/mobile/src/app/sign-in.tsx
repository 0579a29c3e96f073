import { useRouter } from 'expo-router';
import { SignInScreen } from '../screens/sign-in-screen';

export default function SignInRoute() {
  const router = useRouter();
  return <SignInScreen onSignedIn={() => router.back()} />;
}
