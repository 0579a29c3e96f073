// After a change to a region, its page and the list of regions read again.
import { useQueryClient } from '@tanstack/react-query';

export function useRefreshRegions() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['admin', 'regions'] });
}
