import { ProblemDetails, Uuid } from '@emporium/contracts';
import { AddressList, AddressPatch, NewAddress, SavedAddress } from '@emporium/contracts/user';
import { principalOf, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { UserContext } from '../context.js';
import { addAddress, editAddress, getAddresses, removeAddress } from '../profiles/addresses.js';

const AddressParams = Type.Object({ id: Uuid });

export function registerAddressRoutes(app: ServiceApp, ctx: UserContext): void {
  const guard = app.requireRole('customer');

  app.get(
    '/users/me/addresses',
    { schema: { summary: 'My addresses', response: { 200: AddressList } }, preHandler: guard },
    async (request) => ({ addresses: await getAddresses(ctx, principalOf(request).userId) }),
  );

  app.post(
    '/users/me/addresses',
    {
      schema: {
        summary: 'Add an address (the first becomes the default for shipping and billing)',
        body: NewAddress,
        response: { 201: SavedAddress, 404: ProblemDetails, 409: ProblemDetails },
      },
      preHandler: guard,
    },
    async (request, reply) =>
      reply.status(201).send(await addAddress(ctx, principalOf(request).userId, request.body)),
  );

  app.patch(
    '/users/me/addresses/:id',
    {
      schema: {
        summary: 'Edit one of my addresses',
        params: AddressParams,
        body: AddressPatch,
        response: { 200: SavedAddress, 404: ProblemDetails },
      },
      preHandler: guard,
    },
    async (request) => editAddress(ctx, principalOf(request).userId, request.params.id, request.body),
  );

  app.delete(
    '/users/me/addresses/:id',
    {
      schema: {
        summary: 'Delete one of my addresses',
        params: AddressParams,
        response: { 204: Type.Null(), 404: ProblemDetails },
      },
      preHandler: guard,
    },
    async (request, reply) => {
      await removeAddress(ctx, principalOf(request).userId, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
