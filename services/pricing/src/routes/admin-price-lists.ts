// /admin/price-lists: sale and override prices per SKU and currency, tiered by quantity, for
// everyone or for customer groups (ADR 0017). A change names the version it was made from; one
// made from a stale version is a 409, so two admins never overwrite each other unseen.
import { randomUUID } from 'node:crypto';
import { Uuid } from '@emporium/contracts';
import { NewPriceList, PriceList, PriceListList, PriceListPatch } from '@emporium/contracts/price-lists';
import { problems, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { PricingContext } from '../context.js';
import { idempotentCreate } from '../idempotency/idempotent-create.js';
import { checkPriceListFields, unknownGroups } from '../price-lists/price-list-fields.js';
import { customerGroupsRepository as groups } from '../repositories/customer-groups.js';
import { priceListsRepository as priceLists } from '../repositories/price-lists.js';
import { IdempotencyHeaders, keyedRequest } from './admin-params.js';

const PriceListParams = Type.Object({ priceListId: Uuid });
const priceListNotFound = () => problems.notFound('The price list');

/** The database's refusals of a price list write, as the answer that says what is wrong. */
async function priceListConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'price_lists_name_key') {
      throw problems.conflict('Another price list has this name (in any case).', 'price-list-name-taken');
    }
    if (code === '23503' && constraint === 'price_list_groups_group_id_fkey') {
      throw problems.conflict(
        'A customer group named here was deleted meanwhile; read the groups again and retry.',
        'customer-group-gone',
      );
    }
    if (code === '23514' && constraint === 'price_lists_dates') {
      throw problems.validation([{ field: 'body.endsAt', message: 'must be after the list starts' }]);
    }
    throw error;
  }
}

export function registerAdminPriceListRoutes(app: ServiceApp, ctx: PricingContext): void {
  const admin = app.requireRole('admin');
  const { db } = ctx;
  const detail = async (priceListId: string) => {
    const list = await priceLists.find(db, priceListId);
    if (!list) throw priceListNotFound();
    return list;
  };

  app.post(
    '/admin/price-lists',
    {
      preHandler: admin,
      schema: {
        summary: 'Create a price list with its customer groups (none: everyone) and entries',
        description:
          '409 price-list-name-taken. The same Idempotency-Key and body answer the list created the first time.',
        headers: IdempotencyHeaders,
        body: NewPriceList,
        response: { 201: PriceList, ...refusals(409) },
      },
    },
    async (request, reply) => {
      const { body } = request;
      checkPriceListFields(body, body.startsAt, body.endsAt);
      const groupIds = body.customerGroupIds ?? [];
      unknownGroups(groupIds, await groups.missing(db, groupIds));
      const created = await priceListConflicts(() =>
        idempotentCreate(db, keyedRequest(request, body), async (tx) => {
          const id = randomUUID();
          await priceLists.insert(tx, id, body);
          return (await priceLists.find(tx, id))!;
        }),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/admin/price-lists',
    {
      preHandler: admin,
      schema: {
        summary: 'Every price list, by name, with how many entries it has',
        response: { 200: PriceListList },
      },
    },
    async () => ({ priceLists: await priceLists.list(db) }),
  );

  app.get(
    '/admin/price-lists/:priceListId',
    {
      preHandler: admin,
      schema: {
        summary: 'A price list with its entries',
        params: PriceListParams,
        response: { 200: PriceList },
      },
    },
    async (request) => detail(request.params.priceListId),
  );

  app.patch(
    '/admin/price-lists/:priceListId',
    {
      preHandler: admin,
      schema: {
        summary:
          'Change a price list made from `version`; entries and customerGroupIds replace the whole set',
        description:
          '409 price-list-version-conflict when it changed since that version (read it again); ' +
          'price-list-name-taken. The entries are replaced in one transaction: a quote sees all old or all new.',
        params: PriceListParams,
        body: PriceListPatch,
        response: { 200: PriceList, ...refusals(409) },
      },
    },
    async (request) => {
      const { body } = request;
      const { priceListId } = request.params;
      checkPriceListFields(body, body.startsAt, body.endsAt);
      if (body.customerGroupIds) {
        unknownGroups(body.customerGroupIds, await groups.missing(db, body.customerGroupIds));
      }
      // Read back in the change's transaction: the answer is this change, not a later one.
      const outcome = await priceListConflicts(() =>
        db.transaction(async (tx) => {
          const result = await priceLists.update(tx, priceListId, body);
          return result.updated ? { ...result, list: (await priceLists.find(tx, priceListId))! } : result;
        }),
      );
      if (!outcome.updated) {
        if (outcome.currentVersion === undefined) throw priceListNotFound();
        throw problems.conflict(
          `The price list changed since version ${body.version}; it is at version ${outcome.currentVersion} now. Read it again and redo the change.`,
          'price-list-version-conflict',
        );
      }
      return outcome.list;
    },
  );

  app.delete(
    '/admin/price-lists/:priceListId',
    {
      preHandler: admin,
      schema: {
        summary: 'Delete a price list; placed orders keep the prices they were quoted',
        params: PriceListParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      if (!(await priceLists.remove(db, request.params.priceListId))) throw priceListNotFound();
      return reply.status(204).send(null);
    },
  );
}
