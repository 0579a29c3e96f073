import { testInfra, uniqueName } from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';
import { openMongoCatalogStore } from '../src/repositories/mongo/mongo-catalog-store.js';
import { describeCatalogContract } from './catalog-contract.js';

describeCatalogContract('MongoDB (FerretDB)', async () => {
  const url = `${testInfra.mongodbUrl}/${uniqueName('catalog')}`;
  const store = await openMongoCatalogStore(url);
  return {
    store,
    async dispose() {
      await store.close();
      const client = await MongoClient.connect(url);
      await client.db().dropDatabase();
      await client.close();
    },
  };
});
