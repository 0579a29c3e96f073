// Content pages on SQL: a write names the version it read, so two admins editing one page
// cannot silently overwrite each other.
import type { SqlDatabase } from '@emporium/platform';
import type { ContentPageRecord, ContentPageStore } from '../content-page-store.js';

interface PageRow {
  slug: string;
  title: string;
  body: string;
  version: number;
  updated_at: Date | string;
}

const toPage = (row: PageRow): ContentPageRecord => ({
  slug: row.slug,
  title: row.title,
  body: row.body,
  version: Number(row.version),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export function createSqlContentPageStore(db: SqlDatabase): ContentPageStore {
  const find = async (slug: string) => {
    const { rows } = await db.query<PageRow>('select * from content_pages where slug = $1', [slug]);
    return rows[0] && toPage(rows[0]);
  };
  return {
    async list() {
      const { rows } = await db.query<PageRow>('select * from content_pages order by slug');
      return rows.map(toPage);
    },
    find,
    async write(page, expectedVersion) {
      const { rows } =
        expectedVersion === undefined
          ? await db.query<PageRow>(
              `insert into content_pages (slug, title, body) values ($1, $2, $3)
               on conflict (slug) do nothing returning *`,
              [page.slug, page.title, page.body],
            )
          : await db.query<PageRow>(
              `update content_pages set title = $2, body = $3, version = version + 1, updated_at = now()
               where slug = $1 and version = $4 returning *`,
              [page.slug, page.title, page.body, expectedVersion],
            );
      if (rows[0])
        return { outcome: 'written', page: toPage(rows[0]), created: expectedVersion === undefined };
      return { outcome: 'stale', current: await find(page.slug) };
    },
  };
}
