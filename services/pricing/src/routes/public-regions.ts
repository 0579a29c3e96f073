import { Uuid } from '@emporium/contracts';
import { RegionList, RegionQuery, ShippingOptionList } from '@emporium/contracts/pricing';
import { problems, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { PricingContext } from '../context.js';
import { regionsRepository as regions } from '../repositories/regions.js';
import { shippingOptionsRepository as options } from '../repositories/shipping-options.js';

export function registerPublicRegionRoutes(app: ServiceApp, ctx: PricingContext): void {
  app.get(
    '/regions',
    {
      schema: {
        summary: 'The regions the shop sells in; with ?country=, the one that country belongs to (or none)',
        querystring: RegionQuery,
        response: { 200: RegionList },
      },
    },
    async (request) => ({ regions: await regions.list(ctx.db, request.query.country) }),
  );

  app.get(
    '/regions/:regionId/shipping-options',
    {
      schema: {
        summary: "A region's shipping options a shopper can choose",
        params: Type.Object({ regionId: Uuid }),
        response: { 200: ShippingOptionList },
      },
    },
    async (request) => {
      const { regionId } = request.params;
      if (!(await regions.find(ctx.db, regionId))) throw problems.notFound('The region');
      return { shippingOptions: await options.listOfRegion(ctx.db, regionId, true) };
    },
  );
}
