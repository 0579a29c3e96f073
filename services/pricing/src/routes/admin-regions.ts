import { randomUUID } from 'node:crypto';
import { isSupportedCurrency, SUPPORTED_CURRENCIES } from '@emporium/contracts/currencies';
import { NewRegion, Region, RegionDetail, RegionList, RegionPatch } from '@emporium/contracts/pricing';
import { problems, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { PricingContext } from '../context.js';
import { idempotentCreate } from '../idempotency/idempotent-create.js';
import { withConflicts } from '../regions/constraint-problems.js';
import { regionsRepository as regions } from '../repositories/regions.js';
import { shippingOptionsRepository as options } from '../repositories/shipping-options.js';
import { taxRatesRepository as rates } from '../repositories/tax-rates.js';
import { IdempotencyHeaders, keyedRequest, RegionCountryParams, RegionParams } from './admin-params.js';

const regionNotFound = () => problems.notFound('The region');

/** The region as it is now; a 404 when it is gone (deleted meanwhile by another admin). */
async function currentRegion(db: PricingContext['db'], regionId: string) {
  const region = await regions.find(db, regionId);
  if (!region) throw regionNotFound();
  return region;
}

export function registerAdminRegionRoutes(app: ServiceApp, ctx: PricingContext): void {
  const admin = app.requireRole('admin');
  const { db } = ctx;

  app.get(
    '/admin/regions',
    {
      preHandler: admin,
      schema: { summary: 'Every region with its countries', response: { 200: RegionList } },
    },
    async () => ({ regions: await regions.list(db) }),
  );

  app.post(
    '/admin/regions',
    {
      preHandler: admin,
      schema: {
        summary: 'Create a region',
        description:
          '409 region-code-taken, or country-in-another-region naming the country. The same ' +
          'Idempotency-Key and body answer the region created the first time.',
        headers: IdempotencyHeaders,
        body: NewRegion,
        response: { 201: Region, ...refusals(409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!isSupportedCurrency(body.currency)) {
        throw problems.validation([
          { field: 'body.currency', message: `must be one of ${SUPPORTED_CURRENCIES.join(', ')}` },
        ]);
      }
      const created = await withConflicts(() =>
        idempotentCreate(db, keyedRequest(request, body), async (tx) => {
          const id = randomUUID();
          await regions.insert(tx, id, body);
          return (await regions.find(tx, id))!;
        }),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/admin/regions/:regionId',
    {
      preHandler: admin,
      schema: {
        summary: 'A region with its tax rates and shipping options',
        params: RegionParams,
        response: { 200: RegionDetail },
      },
    },
    async (request) => {
      const { regionId } = request.params;
      const region = await currentRegion(db, regionId);
      return {
        ...region,
        taxRates: await rates.listOfRegion(db, regionId),
        shippingOptions: await options.listOfRegion(db, regionId),
      };
    },
  );

  app.patch(
    '/admin/regions/:regionId',
    {
      preHandler: admin,
      schema: {
        summary: 'Change a region (its currency is fixed: rates and options are amounts in it)',
        params: RegionParams,
        body: RegionPatch,
        response: { 200: Region },
      },
    },
    async (request) => {
      const { regionId } = request.params;
      if (!(await regions.update(db, regionId, request.body))) throw regionNotFound();
      return currentRegion(db, regionId);
    },
  );

  app.delete(
    '/admin/regions/:regionId',
    {
      preHandler: admin,
      schema: {
        summary: 'Delete a region with its tax rates and shipping options',
        params: RegionParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      if (!(await regions.remove(db, request.params.regionId))) throw regionNotFound();
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/admin/regions/:regionId/countries/:country',
    {
      preHandler: admin,
      schema: {
        summary: 'Add a country to a region (adding it again changes nothing)',
        description: '409 country-in-another-region when another region holds it.',
        params: RegionCountryParams,
        response: { 200: Region, ...refusals(409) },
      },
    },
    async (request) => {
      const { regionId, country } = request.params;
      await currentRegion(db, regionId);
      await withConflicts(() => regions.addCountry(db, regionId, country));
      return currentRegion(db, regionId);
    },
  );

  app.delete(
    '/admin/regions/:regionId/countries/:country',
    {
      preHandler: admin,
      schema: {
        summary: 'Remove a country from a region',
        description: '409 country-has-tax-rates while rates name the country.',
        params: RegionCountryParams,
        response: { 200: Region, ...refusals(409) },
      },
    },
    async (request) => {
      const { regionId, country } = request.params;
      const removed = await withConflicts(() => regions.removeCountry(db, regionId, country));
      if (!removed) throw problems.notFound(`Country ${country} in this region`);
      return currentRegion(db, regionId);
    },
  );
}
