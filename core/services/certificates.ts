import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { certificateCreate, certificateFields, certificateUpdate } from '../schemas/certificates.ts';
import * as repo from '../../db/repos/certificates.ts';
import { requirePerson } from './references.ts';

type CertificateFields = z.output<typeof certificateFields>;

function checkCertificate(ctx: Context, f: CertificateFields, selfId?: number): void {
  const sameNumber = repo.findCertificateByNumber(ctx.db, f.number);
  if (sameNumber && sameNumber.id !== selfId) throw conflict(`证书编号 ${f.number} 已登记，请核对`, 'number');
  if (f.issuedOn > ctx.clock.today()) throw invalid('发证日期不能晚于今天', 'issuedOn');
  if (f.registrationValidUntil !== null && f.registrationValidUntil <= f.issuedOn) {
    throw invalid('登记有效期至应晚于发证日期', 'registrationValidUntil');
  }
}

const get = (ctx: Context, id: number) => repo.getCertificate(ctx.db, id) ?? throwNotFound();

export const certificateOperations = [
  defineOperation({
    name: 'certificates.create',
    title: '新增职业水平证书',
    kind: 'command',
    permission: 'registry.write',
    input: certificateCreate,
    handler: (fields, ctx) => {
      requirePerson(ctx, fields.personId);
      checkCertificate(ctx, fields);
      return get(ctx, repo.insertCertificate(ctx.db, fields, ctx.clock.now()));
    },
  }),
  defineOperation({
    name: 'certificates.update',
    title: '修改职业水平证书',
    kind: 'command',
    permission: 'registry.write',
    input: certificateUpdate,
    handler: ({ id, ...fields }, ctx) => {
      get(ctx, id);
      checkCertificate(ctx, fields, id);
      repo.updateCertificate(ctx.db, id, fields, ctx.clock.now());
      return get(ctx, id);
    },
  }),
] as const;

function throwNotFound(): never {
  throw notFound('该证书');
}
