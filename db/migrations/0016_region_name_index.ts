import type { Migration } from './types.ts';

/**
 * Lists sorted by region name (人员 by 所在区划) walk regions in name order and each region's
 * people through their index instead of sorting everyone: that needs regions indexed by name
 * (organizations already are, their names being unique).
 */
export const migration0016: Migration = {
  version: 16,
  name: 'region_name_index',
  up(db) {
    db.exec('CREATE INDEX region_name ON region(name)');
  },
};
