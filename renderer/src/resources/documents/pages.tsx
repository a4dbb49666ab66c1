/**
 * The printed documents, one `.sws-doc` each (PrintPreview's stylesheet sets them on A4). Their data
 * comes from core (core/documents/): what is written here is layout only.
 */
import type { Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { QrImage } from './QrImage.tsx';

export type SignInSheet = Output<'documents.signInSheet'>;
export type HoursCertificate = Output<'documents.issueHoursCertificate'>;
export type AppointmentLetter = Output<'documents.issueAppointmentLetter'>;
export type RecertNotice = Output<'documents.recertNotice'>;

/** The link a phone opens from the sheet's QR code: this app's session page, on its attendance tab. */
const sessionLink = (id: number) => `${window.location.origin}${window.location.pathname}#/sessions/${id}?tab=attendance`;

export function SignInSheetPage({ sheet }: { sheet: SignInSheet }) {
  const { t } = useI18n();
  const { session } = sheet;
  return (
    <section className="sws-doc" aria-label={t('print.signInSheet.title')}>
      <div style={{ display: 'flex', gap: '6mm', alignItems: 'flex-start' }}>
        <div style={{ flex: 1 }}>
          <h1 style={{ textAlign: 'left' }}>
            {t('print.signInSheet.title')}：{session.courseTitle}
          </h1>
          <div>
            {t('print.signInSheet.course')}：{session.courseCode} {session.courseTitle}（{session.categoryName}，{session.creditHours} 学时）
          </div>
          <div>
            {t('print.signInSheet.base')}：{session.baseName}
            {session.baseAddress ? `（${session.baseAddress}）` : ''}
          </div>
          <div>
            {t('print.signInSheet.room')}：{session.roomName ?? '—'}
            {'\u3000'}
            {t('print.signInSheet.time')}：{session.timeRange}
          </div>
          <div>
            {t('print.signInSheet.mentors')}：{sheet.mentors.join('、') || '—'}
          </div>
        </div>
        <figure style={{ margin: 0, textAlign: 'center', fontSize: '8pt' }}>
          <QrImage text={sessionLink(session.id)} alt={t('print.signInSheet.qr')} sizeMm={24} />
          <figcaption>{t('print.signInSheet.qr')}</figcaption>
        </figure>
      </div>
      <table style={{ marginTop: '5mm' }}>
        <thead>
          <tr>
            <th style={{ width: '10mm' }}>{t('print.signInSheet.no')}</th>
            <th style={{ width: '22mm' }}>{t('print.signInSheet.name')}</th>
            <th style={{ width: '42mm' }}>{t('print.signInSheet.idNumber')}</th>
            <th>{t('print.signInSheet.organization')}</th>
            <th style={{ width: '26mm' }}>{t('print.signInSheet.signIn')}</th>
            <th style={{ width: '26mm' }}>{t('print.signInSheet.signOut')}</th>
          </tr>
        </thead>
        <tbody>
          {sheet.trainees.map((p) => (
            <tr key={p.no} style={{ height: '10mm' }}>
              <td className="num">{p.no}</td>
              <td>{p.name}</td>
              <td className="mono">{p.maskedIdNumber}</td>
              <td>{p.organizationName ?? ''}</td>
              <td />
              <td />
            </tr>
          ))}
          {sheet.trainees.length === 0 && (
            <tr>
              <td colSpan={6}>{t('print.signInSheet.empty')}</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** Serial, issuer, date and the signed QR code: the foot of a 学时证明 or 聘书. */
function IssuedFoot({ issued, alt }: { issued: HoursCertificate['issued']; alt: string }) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end', marginTop: '10mm', breakInside: 'avoid' }}>
      <figure style={{ margin: 0, fontSize: '8pt', textAlign: 'center' }}>
        <QrImage text={issued.code} alt={alt} />
        <figcaption style={{ maxWidth: '40mm' }}>{t('print.verifyHint')}</figcaption>
      </figure>
      <div style={{ textAlign: 'right' }}>
        <div>{t('print.serial', { serial: issued.serial })}</div>
        <div>{t('print.issuedBy', { name: issued.issuedBy })}</div>
        <div>{t('print.issuedOn', { date: issued.issuedOn })}</div>
      </div>
    </div>
  );
}

export function HoursCertificatePage({ doc }: { doc: HoursCertificate }) {
  const { t } = useI18n();
  return (
    <section className="sws-doc" aria-label={`${t('print.hours.title')} ${doc.person.name}`}>
      <h1>{t('print.hours.title')}</h1>
      <p style={{ textIndent: '2em' }}>
        {t('print.hours.lead', {
          name: doc.person.name,
          idNumber: doc.person.maskedIdNumber,
          organization: doc.person.organizationName ? `，${doc.person.organizationName}` : '',
          from: doc.span.from,
          to: doc.span.to,
          label: doc.span.label,
        })}
      </p>
      <table>
        <thead>
          <tr>
            <th style={{ width: '24mm' }}>{t('print.hours.date')}</th>
            <th>{t('print.hours.source')}</th>
            <th style={{ width: '40mm' }}>{t('print.hours.category')}</th>
            <th style={{ width: '16mm' }}>{t('print.hours.hours')}</th>
          </tr>
        </thead>
        <tbody>
          {doc.rows.map((r, i) => (
            <tr key={i}>
              <td className="mono">{r.date}</td>
              <td>{r.source}</td>
              <td>{r.category}</td>
              <td className="num">{r.hours}</td>
            </tr>
          ))}
          {doc.rows.length === 0 && (
            <tr>
              <td colSpan={4}>{t('print.hours.none')}</td>
            </tr>
          )}
        </tbody>
      </table>
      <table style={{ marginTop: '5mm', width: '60%', breakInside: 'avoid' }}>
        <thead>
          <tr>
            <th>{t('print.hours.totals')}</th>
            <th style={{ width: '20mm' }}>{t('print.hours.hours')}</th>
          </tr>
        </thead>
        <tbody>
          {doc.totals.map((c) => (
            <tr key={c.categoryId}>
              <td>{c.category}</td>
              <td className="num">{c.hours}</td>
            </tr>
          ))}
          <tr>
            <th>{t('print.hours.total')}</th>
            <th className="num">{doc.total}</th>
          </tr>
        </tbody>
      </table>
      <p style={{ fontSize: '9pt' }}>
        {t('print.hours.rule', { version: doc.ruleVersion, asOf: doc.asOf })}
        {doc.required !== null ? t('print.hours.required', { required: doc.required }) : ''}
      </p>
      <IssuedFoot issued={doc.issued} alt={`${t('print.hours.title')} ${doc.issued.serial}`} />
    </section>
  );
}

/** 督导聘书 and 再审核结果通知: the template's title and paragraphs, the issuer and date; a 聘书 also its code. */
export function LetterPage({ doc }: { doc: AppointmentLetter | RecertNotice }) {
  const { t } = useI18n();
  const issuedOn = 'issued' in doc ? doc.issued.issuedOn : doc.issuedOn;
  return (
    <section className="sws-doc" aria-label={`${doc.title} ${doc.person.name}`}>
      <h1 style={{ marginTop: '15mm', marginBottom: '12mm' }}>{doc.title}</h1>
      {doc.paragraphs.map((p, i) => (
        <p
          key={i}
          style={{ fontSize: '13pt', lineHeight: 2, textIndent: i === 0 && p.includes('：') && p.indexOf('：') < 12 ? 0 : '2em', whiteSpace: 'pre-line' }}
        >
          {p}
        </p>
      ))}
      <div style={{ textAlign: 'right', marginTop: '15mm', fontSize: '13pt' }}>
        <div>{doc.issuer}</div>
        <div>{issuedOn}</div>
      </div>
      {'issued' in doc ? <IssuedFoot issued={doc.issued} alt={`${doc.title} ${doc.issued.serial}`} /> : null}
      <p style={{ fontSize: '7pt', color: '#777', marginTop: '8mm' }}>{t('print.template', { version: doc.templateVersion })}</p>
    </section>
  );
}
