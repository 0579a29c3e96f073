// Content pages: public reads with the rendered HTML, and the admin's versioned writes.
import type { ContentPage, ContentPageWrite } from '@emporium/contracts/content-pages';
import { HttpProblem, problems } from '@emporium/platform';
import type { ContentPageRecord, ContentPageStore } from '../repositories/content-page-store.js';
import { renderMarkdown } from './markdown.js';

const toPage = (record: ContentPageRecord): ContentPage => ({ ...record, html: renderMarkdown(record.body) });

export function createContentPageService(pages: ContentPageStore) {
  return {
    async list() {
      return { items: (await pages.list()).map(({ slug, title }) => ({ slug, title })) };
    },

    async page(slug: string): Promise<ContentPage> {
      const record = await pages.find(slug);
      if (!record) throw problems.notFound(`Page ${slug}`);
      return toPage(record);
    },

    async write(slug: string, input: ContentPageWrite): Promise<{ page: ContentPage; created: boolean }> {
      const outcome = await pages.write({ slug, title: input.title.trim(), body: input.body }, input.version);
      if (outcome.outcome === 'written') return { page: toPage(outcome.page), created: outcome.created };
      if (!outcome.current) throw problems.notFound(`Page ${slug}`);
      throw new HttpProblem(
        409,
        input.version === undefined ? 'page-exists' : 'stale-version',
        'Conflict',
        input.version === undefined
          ? `Page ${slug} already exists; send the version you read to change it.`
          : `Page ${slug} changed since you read it (now version ${outcome.current.version}); reload and apply your edit again.`,
        { currentVersion: outcome.current.version },
      );
    },
  };
}

export type ContentPageService = ReturnType<typeof createContentPageService>;
