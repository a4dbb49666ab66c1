import fs from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { openTestCore } from '../support/core.ts';

it('probe', async () => {
  const core = await openTestCore();
  for (const name of ['home.overview', 'home.charts'] as const) {
    const r = core.call(name, {});
    if (!r.ok) console.log(name, JSON.stringify(r.error));
  }
  const dir = path.join(path.dirname(core.dataFile), 'logs');
  for (const f of fs.readdirSync(dir)) console.log(fs.readFileSync(path.join(dir, f), 'utf8').slice(0, 6000));
  core.close();
});
