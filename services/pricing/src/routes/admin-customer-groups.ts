// /admin/customer-groups: groups of customers a price list can be for (ADR 0017), and their
// members. Adding a member is a PUT (again: no change, so a double click or two admins at once
// leave one membership); removing one who is not a member is a 404, so a mistyped id is noticed.
import { randomUUID } from 'node:crypto';
import { Uuid } from '@emporium/contracts';
import {
  CustomerGroup,
  CustomerGroupDetail,
  CustomerGroupList,
  CustomerGroupPatch,
  CustomerId,
  NewCustomerGroup,
} from '@emporium/contracts/price-lists';
import { problems, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { PricingContext } from '../context.js';
import { idempotentCreate } from '../idempotency/idempotent-create.js';
import { customerGroupsRepository as groups } from '../repositories/customer-groups.js';
import { IdempotencyHeaders, keyedRequest } from './admin-params.js';

const GroupParams = Type.Object({ groupId: Uuid });
const MemberParams = Type.Object({ groupId: Uuid, customerId: CustomerId });
const groupNotFound = () => problems.notFound('The customer group');

async function nameTaken<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'customer_groups_name_key') {
      throw problems.conflict(
        'Another customer group has this name (in any case).',
        'customer-group-name-taken',
      );
    }
    throw error;
  }
}

async function groupInUse<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23503' && constraint === 'price_list_groups_group_id_fkey') {
      throw problems.conflict(
        'A price list is for this group; take the group off the list (or delete the list) first.',
        'customer-group-in-use',
      );
    }
    throw error;
  }
}

export function registerAdminCustomerGroupRoutes(app: ServiceApp, ctx: PricingContext): void {
  const admin = app.requireRole('admin');
  const { db } = ctx;
  const detail = async (groupId: string) => {
    const group = await groups.find(db, groupId);
    if (!group) throw groupNotFound();
    return group;
  };

  app.post(
    '/admin/customer-groups',
    {
      preHandler: admin,
      schema: {
        summary: 'Create a customer group',
        description:
          '409 customer-group-name-taken. The same Idempotency-Key and body answer the group created the first time.',
        headers: IdempotencyHeaders,
        body: NewCustomerGroup,
        response: { 201: CustomerGroup, ...refusals(409) },
      },
    },
    async (request, reply) => {
      const created = await nameTaken(() =>
        idempotentCreate(db, keyedRequest(request, request.body), (tx) =>
          groups.insert(tx, randomUUID(), request.body.name),
        ),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/admin/customer-groups',
    {
      preHandler: admin,
      schema: { summary: 'Every customer group, by name', response: { 200: CustomerGroupList } },
    },
    async () => ({ customerGroups: await groups.list(db) }),
  );

  app.get(
    '/admin/customer-groups/:groupId',
    {
      preHandler: admin,
      schema: {
        summary: 'A customer group with its members',
        params: GroupParams,
        response: { 200: CustomerGroupDetail },
      },
    },
    async (request) => detail(request.params.groupId),
  );

  app.patch(
    '/admin/customer-groups/:groupId',
    {
      preHandler: admin,
      schema: {
        summary: 'Rename a customer group',
        description: '409 customer-group-name-taken.',
        params: GroupParams,
        body: CustomerGroupPatch,
        response: { 200: CustomerGroupDetail, ...refusals(409) },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      if (!(await nameTaken(() => groups.rename(db, groupId, request.body.name)))) throw groupNotFound();
      return detail(groupId);
    },
  );

  app.delete(
    '/admin/customer-groups/:groupId',
    {
      preHandler: admin,
      schema: {
        summary: 'Delete a customer group',
        description:
          '409 customer-group-in-use while a price list is for it: deleting it would open that list to everyone.',
        params: GroupParams,
        response: { 204: Type.Null(), ...refusals(409) },
      },
    },
    async (request, reply) => {
      if (!(await groupInUse(() => groups.remove(db, request.params.groupId)))) throw groupNotFound();
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/admin/customer-groups/:groupId/members/:customerId',
    {
      preHandler: admin,
      schema: {
        summary: 'Add a customer (a user id) to the group; again: no change',
        params: MemberParams,
        response: { 200: CustomerGroupDetail },
      },
    },
    async (request) => {
      const { groupId, customerId } = request.params;
      if (!(await groups.addMember(db, groupId, customerId))) throw groupNotFound();
      return detail(groupId);
    },
  );

  app.delete(
    '/admin/customer-groups/:groupId/members/:customerId',
    {
      preHandler: admin,
      schema: {
        summary: 'Remove a customer from the group; again (or never a member): no change',
        params: MemberParams,
        response: { 200: CustomerGroupDetail },
      },
    },
    async (request) => {
      const { groupId, customerId } = request.params;
      // Idempotent like the PUT: a retried or raced removal ends in the same state and answers
      // it; only a group that does not exist is a 404.
      await groups.removeMember(db, groupId, customerId);
      return detail(groupId);
    },
  );
}
