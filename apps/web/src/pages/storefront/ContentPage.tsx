// One of the shop's own pages (about, shipping, returns, …). The HTML comes rendered and
// sanitised by the product service (raw HTML escaped, links limited to safe schemes), so it is
// put in the page as it is.
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { ErrorState, Loading } from '../../components/states';

export function ContentPage() {
  const api = useApi();
  const { slug = '' } = useParams();
  const page = useQuery({ queryKey: ['pages', slug], queryFn: ({ signal }) => api.pages.get(slug, signal) });
  useTitle(page.data?.title);
  if (page.isLoading) return <Loading label="Loading the page…" />;
  if (page.error || !page.data) return <ErrorState error={page.error} onRetry={() => page.refetch()} />;
  return (
    <article className="content-page">
      <h1>{page.data.title}</h1>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the product service */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: page.data.html }} />
    </article>
  );
}
