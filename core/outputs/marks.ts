/**
 * Building blocks of operation output schemas (contract.ts `output`), and the personal-data marks:
 * a field declared `pii.idNumber(z.string())` is a 身份证号 wherever it appears, whatever its name,
 * and core/pii.ts masks it from that mark for roles without `pii.read`.
 */
import { z } from 'zod';

/** The kinds of personal data (core/pii.ts masks each its own way). */
export type PiiKind = 'idNumber' | 'birthDate' | 'phone';

/** Schemas marked as personal data, with their kind (a private registry: the marks are core's, not zod's global metadata). */
export const piiMarks = z.registry<{ pii: PiiKind }>();

const mark =
  (kind: PiiKind) =>
  <S extends z.ZodType>(schema: S): S => {
    piiMarks.add(schema, { pii: kind });
    return schema;
  };

/** Marks a field as personal data: `pii.idNumber(z.string())`, `pii.phone(z.string().nullable())`. */
export const pii = { idNumber: mark('idNumber'), birthDate: mark('birthDate'), phone: mark('phone') };

/** A list page as the repositories return it. */
export const page = <Row extends z.ZodType>(row: Row) => z.object({ rows: z.array(row), total: z.number() });

/** An operation that starts a job returns its id (jobs.status follows it). */
export const jobRef = z.object({ jobId: z.string() });

/** Operations that return nothing (undefined) or a bare acknowledgement. */
export const nothing = z.undefined();
export const ok = z.object({ ok: z.literal(true) });

export const id = z.number();
export const text = z.string();
export const nullableText = z.string().nullable();
export const nullableNumber = z.number().nullable();
/** SQLite booleans: 0 or 1. */
export const flag = z.number();
/** `{ id, name }` options of a select. */
export const option = z.object({ id: z.number(), name: z.string() });
