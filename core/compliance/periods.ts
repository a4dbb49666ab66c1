/**
 * Registration periods (登记期) of a certificate: counted back from the end of its current
 * registration in steps of the registration term, down to the issue date. A period that the
 * issue date cuts short is marked, because a full period's requirement cannot apply to it.
 */
import { addDays, addYears } from '../dates.ts';
import { registrationEnd } from '../supervision/registration.ts';
import { CertificateLevel } from '../../domain/vocabulary.ts';

export interface CertificateFact {
  level: CertificateLevel;
  issuedOn: string;
  /** End of the current registration; absent → computed from the issue date. */
  validUntil: string | null;
}

export interface Period {
  start: string;
  end: string;
  /** False when the issue date falls inside the period's term. */
  full: boolean;
}

const LEVEL_ORDER: readonly CertificateLevel[] = CertificateLevel.values;

/** The certificate whose level sets the requirement: the highest level, the latest issued among equals. */
export function governingCertificate(certificates: readonly CertificateFact[]): CertificateFact | null {
  let best: CertificateFact | null = null;
  for (const c of certificates) {
    if (!best) best = c;
    else {
      const diff = LEVEL_ORDER.indexOf(c.level) - LEVEL_ORDER.indexOf(best.level);
      if (diff > 0 || (diff === 0 && c.issuedOn > best.issuedOn)) best = c;
    }
  }
  return best;
}

export function registrationValidUntil(certificate: CertificateFact, years: number): string {
  return certificate.validUntil ?? registrationEnd(certificate.issuedOn, years);
}

/** The certificate's periods, oldest first; with `from`, only those ending on or after that day. */
export function registrationPeriods(certificate: CertificateFact, years: number, from?: string): Period[] {
  const periods: Period[] = [];
  let end = registrationValidUntil(certificate, years);
  while (end >= certificate.issuedOn && periods.length < 30 && (from === undefined || end >= from || periods.length === 0)) {
    const start = addDays(addYears(end, -years), 1);
    if (start <= certificate.issuedOn) {
      // Full when a term begun on the issue date ends exactly here (1 March and 29 February both end on 28 February).
      periods.push({ start: certificate.issuedOn, end, full: registrationEnd(certificate.issuedOn, years) === end });
      break;
    }
    periods.push({ start, end, full: true });
    end = addDays(start, -1);
  }
  return periods.reverse();
}

/** The rolling window of `years` years that ends on `asOf`. */
export function rollingWindow(asOf: string, years: number): { start: string; end: string } {
  return { start: addDays(addYears(asOf, -years), 1), end: asOf };
}
