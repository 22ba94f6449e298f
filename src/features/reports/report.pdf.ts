/**
 * The board report as a PDF: the same view model, sections, wording and charts as the report page
 * (report.njk), laid out for A4 with the one-page summary on page 1 and the detail after it. Drawn by
 * pdfkit with the shared tagged-PDF writer; no browser is involved.
 */
import { Writer, newPdf, type Heading } from '../exports/pdf-writer.js';
import { printableLogo } from '../exports/logo-print.js';
import { statutoryPdf } from '../exports/export.statutory.pdf.js';
import { drawChart } from './report-chart.pdf.js';
import type { ChartView } from './report-charts.js';
import type { BoardReport } from './reports.service.js';

type Logo = { contentType: 'image/png' | 'image/svg+xml'; content: Buffer } | null;

const JUDGEMENT_NOTE =
  "The judgement scale is not part of the published markers: judgements are the partnership's own, recorded with Quality Markers.";

class ReportWriter extends Writer {
  section(level: Heading, title: string) {
    this.room(80);
    this.pdf.outline.addItem(title);
    this.heading(level, title);
  }

  /** A bold lead-in on its own line, for the list after it. */
  lead(label: string) {
    const pdf = this.pdf;
    pdf.addStructure(pdf.struct('P', {}, () => pdf.font(this.fontFor(label, true)).text(label)));
    pdf.font('Helvetica');
  }

  chart(view: ChartView, width: number) {
    drawChart(this.pdf, view.chart, width);
    this.table(view.table.head, view.table.rows, { size: 8.5 });
  }
}

export async function buildBoardReportPdf(report: BoardReport, storedLogo: Logo, title: string): Promise<Buffer> {
  const { pdf, done } = newPdf({ Title: title, Author: report.organisation.name }, 48);
  const w = new ReportWriter(pdf);
  const logo = await printableLogo(storedLogo);
  if (logo?.contentType === 'image/png') {
    try {
      pdf.addStructure(
        pdf.struct('Figure', { alt: `${report.organisation.name} logo` }, () => {
          pdf.image(logo.content, { fit: [150, 48] });
        }),
      );
    } catch {
      // A logo pdfkit cannot read leaves the report without it rather than failing the download.
    }
  }
  summaryPage(w, report);
  pdf.addPage();
  details(w, report);
  judgements(w, report);
  outcomes(w, report);
  pdf.end();
  return done;
}

function summaryPage(w: ReportWriter, report: BoardReport) {
  const { review, round, overview } = report;
  w.para(report.organisation.name);
  w.para(`${review.reference}${round ? ` · Round ${round.number}: ${round.purpose}` : ''}`);
  w.heading('H1', `Board report: ${review.title}`, { gap: 0.3 });
  w.para(
    `Prepared on ${report.generatedOn}.${round && !round.signedOff ? ' The round has not been signed off: judgements may still change.' : ''}`,
  );
  w.section('H2', 'Summary');
  w.heading('H3', 'What the review is', { gap: 0.3 });
  w.para(report.summary.type, 'Type');
  w.para(review.reference, 'Reference');
  w.para(`${report.summary.framework.title}, version ${report.summary.framework.version}`, 'Quality markers');
  w.heading('H3', 'Where it stands', { gap: 0.3 });
  w.para(report.summary.status, 'Status');
  w.para(overview.round, 'Current round');
  w.para(overview.progress, 'Progress');
  w.para(overview.nextStep, 'Next statutory step');
  if (report.charts) {
    w.heading('H3', 'Judgements at a glance', { gap: 0.3 });
    w.chart(report.charts.judgements, 330);
  }
  w.heading('H3', 'Top findings', { gap: 0.3 });
  w.list(overview.topFindings.map((f) => `Finding ${f.number}: ${f.text}`));
  w.para(overview.findingsLine);
  w.heading('H3', 'Actions', { gap: 0.3 });
  w.para(overview.actionsLine);
}

function details(w: ReportWriter, report: BoardReport) {
  const { review } = report;
  w.section('H2', 'Review details');
  w.para(review.title, 'Title');
  w.para(review.subject_pseudonym, 'Pseudonym');
  w.para(report.summary.method, 'Method');
  if (report.summary.team.length) w.lead('Team:');
  else w.para('Nobody is on the team.', 'Team');
  w.list(report.summary.team.map((m) => `${m.name} – ${m.role}`));
  w.section('H2', 'Timeline and timescales');
  w.table(
    ['Event', 'Date'],
    report.keyDates.dates.map((d) => [d.label, d.text]),
    { widths: [200, '*'] },
  );
  w.table(
    ['Timescale', 'Rule', 'Where it stands'],
    report.keyDates.timescales.map((t) => [
      t.title,
      t.rule,
      [`${t.statusText}. ${t.detail}`, ...t.changes.map((c) => `${c.text}.`)].join(' '),
    ]),
    { widths: [90, '*', '*'] },
  );
  statutoryPdf(w, report.statutory, { section: 'H2', table: 'H3' });
}

function judgements(w: ReportWriter, report: BoardReport) {
  w.section('H2', 'Judgements');
  w.para(JUDGEMENT_NOTE);
  if (!report.charts) {
    w.para('No assessment round has been started, so there are no judgements to report yet.');
    return;
  }
  w.heading('H3', 'Progress');
  w.chart(report.charts.progress, 330);
  w.section('H2', 'Each marker');
  if (!report.showUnanswered) w.para('Questions not yet answered are left out of this report.');
  for (const stage of report.stages) {
    w.heading('H3', stage.title);
    if (stage.notInRound) w.para(`Not in this round: ${stage.notInRound}.`);
    for (const m of stage.markers) {
      w.room(70);
      w.heading('H4', `${m.number}. ${m.title}`, { gap: 0.4 });
      w.para(`${m.judgement}. Status: ${m.status}.`, 'Judgement');
      if (m.rationale) w.prose(m.rationale);
      else w.para('No rationale recorded.');
      if (m.evidence.length) {
        w.lead('Evidence:');
        w.list(m.evidence.map((e) => (e.kind === 'link' ? `${e.title} (${e.url})` : e.title)));
      } else w.para('No evidence recorded.');
      if (report.showUnanswered && m.openQuestions.length) {
        w.lead('Questions not yet answered:');
        w.list(m.openQuestions.map((q) => `${q.number}. ${q.text} (${q.answer})`));
      }
    }
  }
}

function outcomes(w: ReportWriter, report: BoardReport) {
  w.section('H2', 'Findings and recommendations');
  if (!report.findings.length) w.para('No findings or recommendations have been recorded for this review.');
  for (const f of report.findings) {
    w.heading('H4', `${f.kind} ${f.number}`, { gap: 0.4 });
    w.prose(f.text);
    w.para(f.markers.length ? f.markers.join('; ') : 'none linked', 'Markers');
    w.para(f.themes.length ? f.themes.join('; ') : 'none recorded', 'Learning themes');
  }
  const { actions } = report;
  w.section('H2', 'Actions');
  if (actions.chart) {
    w.para(report.overview.actionsLine);
    w.chart(actions.chart, 330);
  }
  for (const group of [
    { title: 'Review tasks', items: actions.reviewTasks, empty: 'No review tasks have been recorded.' },
    { title: 'Improvement actions', items: actions.improvements, empty: 'No improvement actions have been recorded.' },
  ]) {
    w.heading('H3', group.title);
    if (!group.items.length) w.para(group.empty);
    else
      w.table(
        ['No.', 'Action', 'Owner', 'Due', 'Status', 'RAG'],
        group.items.map((a) => [
          a.number,
          `${a.title}${a.agencies.length ? `\nAgencies: ${a.agencies.join(', ')}` : ''}`,
          a.owner ?? 'No owner',
          `${a.due}${a.overdue ? ' (overdue)' : ''}`,
          a.statusText,
          a.ragText,
        ]),
        { widths: [30, '*', 90, 70, 65, 50] },
      );
  }
  w.section('H2', 'The partnership’s written response');
  const response = report.response;
  if (!response) {
    w.para('The partnership has not written its response to this review yet.');
    return;
  }
  w.para(
    `${response.status}.${response.agreedOn ? ` Agreed on ${response.agreedOn}.` : ''} Version ${response.version}.`,
  );
  if (response.text) w.prose(response.text);
  else w.para('The response has no text yet.');
  w.heading('H3', 'Actions it commits to');
  if (response.actions.length) w.list(response.actions.map((a) => `Action ${a.number}: ${a.title}`));
  else w.para('The response does not name any actions.');
}
