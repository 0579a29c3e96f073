// The content page editor: the shop's pages, each edited as Markdown with the rendered result
// beside it after saving. A save names the version it started from, so an edit someone else
// saved meanwhile is reported instead of overwritten.
import { ApiError, type ContentPage } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Field } from '../components/Field';
import { ErrorState, FormError, Loading } from '../components/states';

function PageEditor({ page, slug }: { page?: ContentPage; slug: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(page?.title ?? '');
  const [body, setBody] = useState(page?.body ?? '');
  const save = useMutation({
    mutationFn: () => api.admin.pages.save(slug, { title, body, ...(page ? { version: page.version } : {}) }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['pages'] });
    },
  });
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <div className="page-editor">
      <form onSubmit={submit}>
        <Field
          label="Title"
          name="title"
          value={title}
          maxLength={120}
          onChange={(e) => setTitle(e.target.value)}
          error={fieldErrors.title}
        />
        <div className={`field${fieldErrors.body ? ' field-invalid' : ''}`}>
          <label htmlFor="page-body">Text (Markdown)</label>
          <textarea
            id="page-body"
            rows={18}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={50_000}
          />
          {fieldErrors.body ? <p className="field-error">{fieldErrors.body}</p> : null}
        </div>
        <FormError
          error={
            save.error instanceof ApiError && save.error.slug === 'stale-version'
              ? 'Someone saved this page after you opened it. Reload to see their version, then apply your edit again.'
              : Object.keys(fieldErrors).length === 0
                ? save.error
                : undefined
          }
        />
        <div role="status">{save.isSuccess ? <p className="notice notice-success">Saved.</p> : null}</div>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save page'}
        </button>{' '}
        <Link to={`/pages/${slug}`}>View page</Link>
      </form>
      {page ? (
        <section aria-labelledby="preview" className="page-preview">
          <h2 id="preview">As saved</h2>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the product service */}
          <div className="prose" dangerouslySetInnerHTML={{ __html: (save.data ?? page).html }} />
        </section>
      ) : null}
    </div>
  );
}

export function ContentPageEditorPage() {
  const api = useApi();
  const { slug = '' } = useParams();
  useTitle(`Page ${slug} · Admin`);
  const page = useQuery({
    queryKey: ['pages', slug, 'edit'],
    queryFn: ({ signal }) => api.pages.get(slug, signal),
    retry: false,
  });
  if (page.isLoading) return <Loading />;
  const missing = page.error instanceof ApiError && page.error.status === 404;
  if (page.error && !missing) return <ErrorState error={page.error} onRetry={() => page.refetch()} />;
  return (
    <section aria-labelledby="page-title">
      <p>
        <Link to="/admin/pages">All pages</Link>
      </p>
      <h1 id="page-title">{missing ? `New page: ${slug}` : `Edit “${page.data?.title}”`}</h1>
      <PageEditor key={slug} page={page.data} slug={slug} />
    </section>
  );
}

export function ContentPagesPage() {
  useTitle('Pages · Admin');
  const api = useApi();
  const pages = useQuery({ queryKey: ['pages'], queryFn: ({ signal }) => api.pages.list(signal) });
  const [slug, setSlug] = useState('');
  return (
    <section aria-labelledby="pages-title">
      <h1 id="pages-title">Pages</h1>
      {pages.isLoading ? (
        <Loading />
      ) : pages.error ? (
        <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
      ) : (
        <ul className="page-list">
          {pages.data?.items.map((page) => (
            <li key={page.slug}>
              <Link to={`/admin/pages/${page.slug}`}>{page.title}</Link> <code>/pages/{page.slug}</code>
            </li>
          ))}
        </ul>
      )}
      <form className="filters-row" onSubmit={(e) => e.preventDefault()}>
        <Field
          label="New page address"
          name="slug"
          value={slug}
          onChange={(e) => setSlug(e.target.value.toLowerCase())}
          hint="Lower-case words joined by dashes, e.g. gift-cards"
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
        />
        {/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) ? (
          <Link className="button" to={`/admin/pages/${slug}`}>
            Create
          </Link>
        ) : null}
      </form>
    </section>
  );
}
