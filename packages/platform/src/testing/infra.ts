// Where the real servers started by scripts/infra.sh listen (overridable by the same variables).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Getters, so a runner that picks a RabbitMQ vhost (or any server) after import is still heard.
export const testInfra = {
  get postgresUrl() {
    return process.env.POSTGRES_URL ?? 'postgres://emporium:emporium@127.0.0.1:5432';
  },
  get redisUrl() {
    return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  },
  get amqpUrl() {
    return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  },
  /** A second broker that disruptive tests may stop and start (scripts/infra.sh rabbitmq-chaos). */
  get chaosAmqpUrl() {
    return process.env.CHAOS_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5673';
  },
  get mongodbUrl() {
    return process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017';
  },
  get stripeApiBase() {
    return process.env.STRIPE_API_BASE ?? 'http://127.0.0.1:12111';
  },
  /** The S3-compatible object store (versitygw) and its loopback-only test credentials. */
  get s3() {
    return {
      endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:7480',
      region: 'us-east-1',
      credentials: { accessKeyId: 'emporium', secretAccessKey: 'emporium-s3-secret' },
    };
  },
};

/** A short random suffix so parallel test files never share a database, queue or key. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates a fresh PostgreSQL database on the real server; drop() removes it. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = uniqueName(prefix.replace(/[^a-z0-9_]/g, '_'));
  const admin = new pg.Client({ connectionString: `${testInfra.postgresUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: `${testInfra.postgresUrl}/${name}`,
    name,
    async drop() {
      const client = new pg.Client({ connectionString: `${testInfra.postgresUrl}/postgres` });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
