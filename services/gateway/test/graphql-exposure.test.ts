import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const INTROSPECTION = '{ __schema { queryType { name } types { name } } }';
const TYPE_LOOKUP = '{ __type(name: "Product") { fields { name } } }';

// GraphiQL and introspection are tools for building against the API: development has both,
// production neither.
describe.each([
  { mode: 'production', graphiql: false, introspection: false },
  { mode: 'development', graphiql: true, introspection: true },
  { mode: 'test', graphiql: false, introspection: true },
])('GraphQL tooling with NODE_ENV=$mode', ({ mode, graphiql, introspection }) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ env: { NODE_ENV: mode } });
  });
  afterAll(() => gateway.close());

  const graphql = (query: string) =>
    gateway.app.inject({ method: 'POST', url: '/graphql', payload: { query } });

  it(`${graphiql ? 'serves' : 'does not serve'} GraphiQL`, async () => {
    const res = await gateway.app.inject({ method: 'GET', url: '/graphiql' });
    expect(res.statusCode).toBe(graphiql ? 200 : 404);
  });

  it(`${introspection ? 'answers' : 'refuses'} introspection`, async () => {
    for (const query of [INTROSPECTION, TYPE_LOOKUP]) {
      const res = await graphql(query);
      if (introspection) {
        expect(res.statusCode).toBe(200);
        expect(res.json().errors).toBeUndefined();
        expect(JSON.stringify(res.json().data)).toContain(query === INTROSPECTION ? 'Query' : 'slug');
      } else {
        expect(res.statusCode).toBe(400);
        expect(res.json().errors).toHaveLength(1);
        expect(res.json().errors[0].message).toMatch(/introspection is turned off/i);
        expect(res.json().errors[0].extensions).toEqual({ code: 'INTROSPECTION_DISABLED' });
        expect(res.json().data).toBeNull();
      }
    }
  });

  it('answers the typename of a query in every mode (not introspection of the schema)', async () => {
    const res = await graphql('{ __typename }');
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({ __typename: 'Query' });
  });
});
