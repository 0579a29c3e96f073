// Content pages on SQL: a write names the version it read, so two admins editing one page
// cannot silently overwrite each other.
import { type SqlDatabase, sql } from '@emporium/platform';
import type { ContentPageRecord, ContentPageStore } from '../content-page-store.js';

interface PageRow {
  slug: string;
  title: string;
  body: string;
  version: number;
  updated_at: Date | string;
}

const PAGE_COLUMNS = sql.raw('slug, title, body, version, updated_at');

const toPage = (row: PageRow): ContentPageRecord => ({
  slug: row.slug,
  title: row.title,
  body: row.body,
  version: Number(row.version),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export function createSqlContentPageStore(db: SqlDatabase): ContentPageStore {
  const find = async (slug: string) => {
    const { rows } = await db.query<PageRow>(
      sql`select ${PAGE_COLUMNS} from content_pages where slug = ${slug}`,
    );
    return rows[0] && toPage(rows[0]);
  };
  return {
    async list() {
      const { rows } = await db.query<PageRow>(sql`select ${PAGE_COLUMNS} from content_pages order by slug`);
      return rows.map(toPage);
    },
    find,
    async write(page, expectedVersion) {
      const { rows } =
        expectedVersion === undefined
          ? await db.query<PageRow>(
              sql`insert into content_pages (slug, title, body) values (${page.slug}, ${page.title}, ${page.body})
                  on conflict (slug) do nothing returning ${PAGE_COLUMNS}`,
            )
          : await db.query<PageRow>(
              sql`update content_pages
                  set title = ${page.title}, body = ${page.body}, version = version + 1, updated_at = now()
                  where slug = ${page.slug} and version = ${expectedVersion} returning ${PAGE_COLUMNS}`,
            );
      if (rows[0])
        return { outcome: 'written', page: toPage(rows[0]), created: expectedVersion === undefined };
      return { outcome: 'stale', current: await find(page.slug) };
    },
  };
}
