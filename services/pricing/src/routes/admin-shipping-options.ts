import { randomUUID } from 'node:crypto';
import { NewShippingOption, ShippingOption, ShippingOptionPatch } from '@emporium/contracts/pricing';
import { problems, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { PricingContext } from '../context.js';
import { idempotentCreate } from '../idempotency/idempotent-create.js';
import { withConflicts } from '../regions/constraint-problems.js';
import { ruleFromBody } from '../regions/shipping-rule.js';
import { regionsRepository as regions } from '../repositories/regions.js';
import { shippingOptionsRepository as options } from '../repositories/shipping-options.js';
import { IdempotencyHeaders, keyedRequest, RegionItemParams, RegionParams } from './admin-params.js';

export function registerAdminShippingOptionRoutes(app: ServiceApp, ctx: PricingContext): void {
  const admin = app.requireRole('admin');
  const { db } = ctx;

  app.post(
    '/admin/regions/:regionId/shipping-options',
    {
      preHandler: admin,
      schema: {
        summary: 'Add a shipping option: flat, free over a threshold, weight bands, or pickup',
        description:
          'Amounts are minor units of the region currency. 409 shipping-option-code-taken. The ' +
          'same Idempotency-Key and body answer the option created the first time.',
        params: RegionParams,
        headers: IdempotencyHeaders,
        body: NewShippingOption,
        response: { 201: ShippingOption, ...refusals(409) },
      },
    },
    async (request, reply) => {
      const { regionId } = request.params;
      const { code, name, taxClass = 'standard' } = request.body;
      const rule = ruleFromBody(request.body.rule, 'body.rule');
      if (!(await regions.find(db, regionId))) throw problems.notFound('The region');
      const created = await withConflicts(() =>
        idempotentCreate(db, keyedRequest(request, request.body), (tx) =>
          options.insert(tx, randomUUID(), regionId, { code, name, taxClass, rule }),
        ),
      );
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/admin/regions/:regionId/shipping-options/:id',
    {
      preHandler: admin,
      schema: {
        summary: 'Change a shipping option; a new rule replaces the old one whole',
        params: RegionItemParams,
        body: ShippingOptionPatch,
        response: { 200: ShippingOption },
      },
    },
    async (request) => {
      const { regionId, id } = request.params;
      const { rule, ...rest } = request.body;
      const updated = await options.update(db, regionId, id, {
        ...rest,
        ...(rule ? { rule: ruleFromBody(rule, 'body.rule') } : {}),
      });
      if (!updated) throw problems.notFound('The shipping option');
      return updated;
    },
  );

  app.delete(
    '/admin/regions/:regionId/shipping-options/:id',
    {
      preHandler: admin,
      schema: {
        summary: 'Delete a shipping option',
        params: RegionItemParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { regionId, id } = request.params;
      if (!(await options.remove(db, regionId, id))) throw problems.notFound('The shipping option');
      return reply.status(204).send(null);
    },
  );
}
