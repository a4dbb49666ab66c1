/** Output schemas of core/services/training.ts (contract.ts `output`). */
import { z } from 'zod';
import { TrainingRecordKind } from '../../domain/index.ts';
import { jobRef } from './marks.ts';

/** A training-hours record (training.ofPerson rows add to it). */
export const trainingAddExternal = z.object({
  id: z.number(),
  personId: z.number(),
  categoryId: z.number(),
  categoryName: z.string(),
  hours: z.number(),
  earnedOn: z.string(),
  kind: z.enum(TrainingRecordKind.values),
  sessionId: z.number().nullable(),
  enrolmentId: z.number().nullable(),
  note: z.string(),
  recordedAt: z.string(),
  provider: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  importId: z.number().nullable(),
  importFileName: z.string().nullable(),
  importFileSha256: z.string().nullable(),
  courseCode: z.string().nullable(),
  courseTitle: z.string().nullable(),
  baseName: z.string().nullable(),
  sessionStartsAt: z.string().nullable(),
  version: z.number(),
});

export const trainingOutputs = {
  'training.addExternal': trainingAddExternal,
  'training.verifyExternal': trainingAddExternal,
  'training.hoursTemplate': jobRef,
  'training.importPreview': jobRef,
  'training.importCommit': jobRef,
};
