import { useRouter } from 'expo-router';
import { SearchScreen } from '../../screens/search-screen';

export default function SearchTab() {
  const router = useRouter();
  return <SearchScreen onOpenProduct={(slug) => router.push(`/product/${slug}`)} />;
}
