/**
 * Vitest's global setup for `npm run test:postgres`: one throwaway PostgreSQL for the run
 * (scripts/postgres/throwaway.ts), the schema migrated once into a template database, from which
 * each test core gets a fresh database in a few milliseconds (tests/support/postgres.ts); and a folder for the
 * example data's template, which the first test asking for it makes (tests/support/example-data.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '../../scripts/postgres/throwaway.ts';
import { openPostgres } from '../../db/open.ts';
import { migrate } from '../../db/migrate.ts';
import { TEMPLATE_DATABASE } from './postgres.ts';

export default async function setup(project: TestProject) {
  const server = await startThrowawayPostgres();
  try {
    const admin = openPostgres(server.url);
    admin.exec(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    admin.close();
    const template = openPostgres(server.urlOf(TEMPLATE_DATABASE));
    try {
      await migrate(template);
    } finally {
      template.close(); // a template copies only while nobody is connected to it
    }
  } catch (error) {
    server.stop();
    throw error;
  }
  const exampleFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-pg-example-'));
  project.provide('postgresServer', { url: server.url, port: server.port, exampleFolder });
  return () => {
    server.stop();
    fs.rmSync(exampleFolder, { recursive: true, force: true });
  };
}
