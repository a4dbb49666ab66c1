import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { Actor } from '../../core/permissions.ts';
import { anchorFileOf, KEY_FILE } from '../../db/audit-anchor.ts';
import { finishJob, openTestCore, tempDir, usePostgresDatabaseFor, type TestCore } from './core.ts';
import { adminDb, EXAMPLE_TEMPLATE_DATABASE, freshPostgresDatabase, TEMPLATE_DATABASE, testEngine, urlOf } from './postgres.ts';

/** 载入示例数据 as the screens do it: starts the job and waits for it; its result counts what it created. */
export async function loadExampleData(core: TestCore, actor?: Actor): Promise<{ created: Record<string, number> }> {
  const { jobId } = core.ok('demo.load', {}, actor);
  const status = await finishJob(core, jobId, actor);
  if (status.state !== 'done') throw new Error(`demo.load ${status.state}: ${status.error}`);
  return status.result as { created: Record<string, number> };
}

const DATA_FILE = 'data.sqlite3';
/** What a data folder holds besides the data for its audit log to verify: the installation's key and the signed head. */
const AUDIT_FILES = [KEY_FILE, path.basename(anchorFileOf(path.join('x', DATA_FILE)))];

/**
 * A new test core holding the example data as 载入示例数据 leaves it on an empty database, for tests about something
 * else on that data. On SQLite the load itself (under a second). On PostgreSQL, where it takes ~10 s, it runs once per
 * run into a template database each core's database is copied from, with the audit key and anchor beside it: the core
 * starts as a second server process beside the one that loaded the data would. Tests of the load call loadExampleData.
 */
export async function openExampleDataCore(): Promise<TestCore> {
  if (testEngine() !== 'postgres') {
    const core = await openTestCore();
    await loadExampleData(core);
    return core;
  }
  const from = await postgresTemplateFolder();
  const dir = tempDir();
  for (const name of AUDIT_FILES) fs.copyFileSync(path.join(from, name), path.join(dir, name));
  const file = path.join(dir, DATA_FILE);
  usePostgresDatabaseFor(file, freshPostgresDatabase(EXAMPLE_TEMPLATE_DATABASE).url);
  return openTestCore(file);
}

/** Held while the template is looked for and made: test files in other processes may ask at the same time (they wait). */
const TEMPLATE_LOCK = 727_101;
/** Written into the folder once the template is whole. */
const MADE = 'made';

/**
 * PostgreSQL: the example data's template, made by the first test of the run that asks; returns the data folder of the
 * core that loaded it (its audit key and anchor).
 */
async function postgresTemplateFolder(): Promise<string> {
  const folder = inject('postgresServer').exampleFolder;
  const made = path.join(folder, MADE);
  if (fs.existsSync(made)) return folder;
  const admin = adminDb();
  // Polled, not waited on: the connection's lock_timeout would end a wait as long as a load.
  while (!(admin.prepare('SELECT pg_try_advisory_lock(?) AS got').get(TEMPLATE_LOCK) as { got: boolean }).got) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    if (!fs.existsSync(made)) await makePostgresTemplate(path.join(folder, DATA_FILE));
    fs.writeFileSync(made, '');
  } finally {
    admin.prepare('SELECT pg_advisory_unlock(?)').get(TEMPLATE_LOCK);
  }
  return folder;
}

async function makePostgresTemplate(file: string): Promise<void> {
  const admin = adminDb();
  admin.exec(`DROP DATABASE IF EXISTS ${EXAMPLE_TEMPLATE_DATABASE} WITH (FORCE)`); // left by a make that failed
  admin.exec(`CREATE DATABASE ${EXAMPLE_TEMPLATE_DATABASE} TEMPLATE ${TEMPLATE_DATABASE}`);
  usePostgresDatabaseFor(file, urlOf(EXAMPLE_TEMPLATE_DATABASE));
  const loading = await openTestCore(file);
  try {
    await loadExampleData(loading);
  } finally {
    loading.close();
  }
  // Started again on its data, the loading process makes the day's scheduled backup and claims it in the database, so a
  // copy's core finds it claimed by another process and makes none, as the core that loaded the data made none.
  (await openTestCore(file)).close(); // a template copies only while nobody is connected to it
}
