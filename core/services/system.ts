import { z } from 'zod';
import { defineOperation } from '../contract.ts';
import { schemaVersionOf } from '../../db/migrate.ts';
import { systemOutputs } from '../outputs/system.ts';

export const systemOperations = [
  defineOperation({
    name: 'system.info',
    output: systemOutputs['system.info'],
    title: '读取系统信息',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, { db, dataFile, actor }) => {
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return {
        dataFile,
        schemaVersion: schemaVersionOf(db),
        actor: { name: actor.name, role: actor.role },
        counts: {
          regions: count('region'),
          organizations: count('organization'),
          people: count('person'),
          supervisors: count('supervisor'),
        },
      };
    },
  }),
] as const;
