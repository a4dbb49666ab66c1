import { migration0001 } from './0001_foundation.ts';
import { migration0002 } from './0002_example_data.ts';
import { migration0003 } from './0003_person_pinyin.ts';
import { migration0004 } from './0004_supervisor_rules.ts';
import { migration0005 } from './0005_registration_rule.ts';
import { migration0006 } from './0006_quotas.ts';
import { migration0007 } from './0007_accounts_audit.ts';
import { migration0008 } from './0008_training_bases.ts';
import { migration0009 } from './0009_sessions.ts';
import { migration0010 } from './0010_session_status_index.ts';
import { migration0011 } from './0011_external_training.ts';
import { migration0012 } from './0012_recertification.ts';
import { migration0013 } from './0013_ledger_covering_index.ts';
import { migration0014 } from './0014_base_evaluation.ts';
import { migration0015 } from './0015_person_search_index.ts';
import { migration0016 } from './0016_region_name_index.ts';
import { migration0017 } from './0017_certificate_covering_indexes.ts';
import { migration0019 } from './0019_training_import.ts';
import { migration0022 } from './0022_login_lockout.ts';
import { migration0024 } from './0024_enrolment_not_admitted.ts';
import { migration0025 } from './0025_id_number_lookup.ts';
import { migration0026 } from './0026_user_session.ts';
import { migration0027 } from './0027_record_versions.ts';
import { migration0031 } from './0031_documents.ts';
import { migration0032 } from './0032_mentor_unavailability.ts';
import { migration0033 } from './0033_supervision_work.ts';
import { migration0034 } from './0034_service_history.ts';
import { migration0037 } from './0037_server_processes.ts';
import { migration0038 } from './0038_person_name_order.ts';
import type { Migration } from './types.ts';

export type { Migration };

/** Every migration, in order. Append new ones at the end; never edit or reorder. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0019,
  migration0022,
  migration0024,
  migration0025,
  migration0026,
  migration0027,
  migration0031,
  migration0032,
  migration0033,
  migration0034,
  migration0037,
  migration0038,
];
