// The database under test: `npm test` passes the superuser URL of a freshly migrated cluster.
import pg from 'pg';

export function testDbUrl(): string {
  const url = process.env.DEVSTACK_DB_URL;
  if (!url) throw new Error('DEVSTACK_DB_URL is not set: run these tests through `npm test` (devstack test)');
  return url;
}

export function pool(max = 10) {
  return new pg.Pool({ connectionString: testDbUrl(), max });
}
