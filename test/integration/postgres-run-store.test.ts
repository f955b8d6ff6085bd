/**
 * The RunStore conformance suite against PostgreSQL: the server the integration global setup starts
 * (AUGCON_TEST_POSTGRES_URL). Each test works in a fresh schema, dropped when it ends.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openPostgresRunStore } from '../../src/store/postgres-run-store';
import { describeRunStoreConformance } from '../store/run-store-conformance';

const url = process.env.AUGCON_TEST_POSTGRES_URL;
if (!url) {
  throw new Error(
    'AUGCON_TEST_POSTGRES_URL is not set: the integration global setup (test/helpers/global-setup.ts) starts PostgreSQL and exports it; ' +
      'to run this file alone, start one with `bash scripts/postgres-dev.sh start` and set the variable to the URL it prints.',
  );
}

async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

describeRunStoreConformance('PostgresRunStore', async (sharedDatabase) => {
  const schema = `augcon_test_${(sharedDatabase ?? randomUUID()).replaceAll('-', '')}`;
  const store = await openPostgresRunStore(url, { schema });
  return {
    store,
    dispose: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});
