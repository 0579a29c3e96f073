import { randomUUID } from 'node:crypto';
import { NewTaxRate, TaxRate, TaxRatePatch } from '@emporium/contracts/pricing';
import { problems, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { PricingContext } from '../context.js';
import { idempotentCreate } from '../idempotency/idempotent-create.js';
import { withConflicts } from '../regions/constraint-problems.js';
import { regionsRepository as regions } from '../repositories/regions.js';
import { taxRatesRepository as rates } from '../repositories/tax-rates.js';
import { IdempotencyHeaders, keyedRequest, RegionItemParams, RegionParams } from './admin-params.js';

export function registerAdminTaxRateRoutes(app: ServiceApp, ctx: PricingContext): void {
  const admin = app.requireRole('admin');
  const { db } = ctx;

  app.post(
    '/admin/regions/:regionId/tax-rates',
    {
      preHandler: admin,
      schema: {
        summary: 'Add a tax rate for a country of the region, or one of its subdivisions, and a class',
        description:
          '409 tax-rate-exists (one rate per country, subdivision and class), or ' +
          'country-not-in-region. The same Idempotency-Key and body answer the rate created the first time.',
        params: RegionParams,
        headers: IdempotencyHeaders,
        body: NewTaxRate,
        response: { 201: TaxRate, ...refusals(409) },
      },
    },
    async (request, reply) => {
      const { regionId } = request.params;
      const region = await regions.find(db, regionId);
      if (!region) throw problems.notFound('The region');
      // Named here for a clear answer; the foreign key holds the rule against a concurrent removal.
      if (!region.countries.includes(request.body.country)) {
        throw problems.conflict(
          `${request.body.country} is not in region ${region.code}; add the country first.`,
          'country-not-in-region',
        );
      }
      const created = await withConflicts(() =>
        idempotentCreate(db, keyedRequest(request, request.body), (tx) =>
          rates.insert(tx, randomUUID(), regionId, request.body),
        ),
      );
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/admin/regions/:regionId/tax-rates/:id',
    {
      preHandler: admin,
      schema: {
        summary: "Change a rate's percentage or name (placed orders keep the rate they were quoted)",
        params: RegionItemParams,
        body: TaxRatePatch,
        response: { 200: TaxRate },
      },
    },
    async (request) => {
      const { regionId, id } = request.params;
      const updated = await rates.update(db, regionId, id, request.body);
      if (!updated) throw problems.notFound('The tax rate');
      return updated;
    },
  );

  app.delete(
    '/admin/regions/:regionId/tax-rates/:id',
    {
      preHandler: admin,
      schema: { summary: 'Delete a tax rate', params: RegionItemParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const { regionId, id } = request.params;
      if (!(await rates.remove(db, regionId, id))) throw problems.notFound('The tax rate');
      return reply.status(204).send(null);
    },
  );
}
