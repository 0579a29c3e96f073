import { useLocalSearchParams, useRouter } from 'expo-router';
import { ProductScreen } from '../../screens/product-screen';

export default function ProductRoute() {
  const { slug } = useLocalSearchParams<{ slug: string }>();
  const router = useRouter();
  return <ProductScreen slug={slug} onOpenCart={() => router.navigate('/cart')} />;
}
