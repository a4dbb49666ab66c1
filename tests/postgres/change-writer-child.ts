/**
 * A second server process for tests/postgres/change-notices.test.ts: opens its own core on the same
 * PostgreSQL database (its own data folder), adds one person, and ends.
 */
import path from 'node:path';
import { openCore } from '../../core/app.ts';
import { fixedClock } from '../../core/clock.ts';

const [url, dataDir, idNumber, name] = process.argv.slice(2) as [string, string, string, string];
const core = await openCore({ dataFile: path.join(dataDir, 'data.sqlite3'), database: url, clock: fixedClock('2026-11-24') });
const created = core.call('people.create', { idNumber, name });
core.close();
console.log(JSON.stringify(created.ok));
