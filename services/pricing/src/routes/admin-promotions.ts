// /admin/promotions: create (with an optional Idempotency-Key), list, read, change, pause and
// resume promotions, and see how often each is used. The stacking rule and limits: ADR 0013.
import { randomUUID } from 'node:crypto';
import {
  NewPromotion,
  Promotion,
  PromotionList,
  PromotionPatch,
  PromotionUsage,
} from '@emporium/contracts/promotions';
import { problems, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { PricingContext } from '../context.js';
import { idempotentCreate } from '../idempotency/idempotent-create.js';
import { checkNewPromotion, checkPatch } from '../promotions/promotion-fields.js';
import { toPromotion } from '../promotions/promotion-view.js';
import { promotionsRepository as promotions } from '../repositories/promotions.js';
import { redemptionsRepository as redemptions } from '../repositories/redemptions.js';
import { IdempotencyHeaders, keyedRequest } from './admin-params.js';

const PromotionParams = Type.Object({ promotionId: Type.String({ format: 'uuid' }) });
const promotionNotFound = () => problems.notFound('The promotion');

/** The database's refusals of a promotion write, as the 409 that says what conflicts. */
async function promotionConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'promotions_code_key') {
      throw problems.conflict(
        'Another promotion already has this coupon code (in any case).',
        'coupon-code-taken',
      );
    }
    if (code === '23514' && constraint === 'promotions_used_within_limit') {
      throw problems.conflict(
        'The promotion has been used more often than this limit; choose a limit at least as high.',
        'usage-limit-below-used',
      );
    }
    if (code === '23514' && constraint === 'promotions_dates') {
      // Two admins moving the start and the end at once: each was in order alone.
      throw problems.conflict(
        'The promotion would end before it starts; read it again and retry.',
        'promotion-dates',
      );
    }
    throw error;
  }
}

export function registerAdminPromotionRoutes(app: ServiceApp, ctx: PricingContext): void {
  const admin = app.requireRole('admin');
  const { db } = ctx;

  app.post(
    '/admin/promotions',
    {
      preHandler: admin,
      schema: {
        summary: 'Create a promotion: automatic, or a coupon when it has a code',
        description:
          '409 coupon-code-taken. The same Idempotency-Key and body answer the promotion created the first time.',
        headers: IdempotencyHeaders,
        body: NewPromotion,
        response: { 201: Promotion, ...refusals(409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      checkNewPromotion(body);
      const created = await promotionConflicts(() =>
        idempotentCreate(db, keyedRequest(request, body), async (tx) =>
          toPromotion(await promotions.insert(tx, randomUUID(), body)),
        ),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/admin/promotions',
    {
      preHandler: admin,
      schema: { summary: 'Every promotion, oldest first', response: { 200: PromotionList } },
    },
    async () => ({ promotions: (await promotions.list(db)).map(toPromotion) }),
  );

  app.get(
    '/admin/promotions/:promotionId',
    {
      preHandler: admin,
      schema: { summary: 'A promotion', params: PromotionParams, response: { 200: Promotion } },
    },
    async (request) => {
      const row = await promotions.find(db, request.params.promotionId);
      if (!row) throw promotionNotFound();
      return toPromotion(row);
    },
  );

  app.patch(
    '/admin/promotions/:promotionId',
    {
      preHandler: admin,
      schema: {
        summary: 'Change a promotion (its kind and code are fixed); null clears an optional field',
        description:
          '409 usage-limit-below-used when the new limit is below the uses orders hold; ' +
          'promotion-dates when another change meanwhile would make it end before it starts.',
        params: PromotionParams,
        body: PromotionPatch,
        response: { 200: Promotion, ...refusals(409) },
      },
    },
    async (request) => {
      const stored = await promotions.find(db, request.params.promotionId);
      if (!stored) throw promotionNotFound();
      const current = toPromotion(stored);
      checkPatch(stored.rule.kind, current, request.body);
      const updated = await promotionConflicts(() => promotions.update(db, stored.rule.id, request.body));
      if (!updated) throw promotionNotFound();
      return toPromotion(updated);
    },
  );

  for (const [action, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    app.post(
      `/admin/promotions/:promotionId/${action}`,
      {
        preHandler: admin,
        schema: {
          summary:
            action === 'pause'
              ? 'Pause a promotion: quotes stop applying it; orders holding it keep it (again: no change)'
              : 'Resume a paused promotion (again: no change)',
          params: PromotionParams,
          response: { 200: Promotion },
        },
      },
      async (request) => {
        const row = await promotions.setStatus(db, request.params.promotionId, status);
        if (!row) throw promotionNotFound();
        return toPromotion(row);
      },
    );
  }

  app.get(
    '/admin/promotions/:promotionId/usage',
    {
      preHandler: admin,
      schema: {
        summary: 'How often a promotion is used by orders now, by how many customers, for how much',
        params: PromotionParams,
        response: { 200: PromotionUsage },
      },
    },
    async (request) => {
      const stored = await promotions.find(db, request.params.promotionId);
      if (!stored) throw promotionNotFound();
      const { used, usageLimit } = stored.state;
      const { customers, discounted } = await redemptions.usage(db, stored.rule.id);
      return {
        promotionId: stored.rule.id,
        used,
        ...(usageLimit !== undefined && { usageLimit, remaining: usageLimit - used }),
        customers,
        discounted,
      };
    },
  );
}
