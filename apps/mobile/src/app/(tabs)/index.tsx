import { useRouter } from 'expo-router';
import { CatalogScreen } from '../../screens/catalog-screen';

export default function ShopTab() {
  const router = useRouter();
  return <CatalogScreen onOpenProduct={(slug) => router.push(`/product/${slug}`)} />;
}
