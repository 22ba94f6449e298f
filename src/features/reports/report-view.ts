/**
 * What a board report page needs besides the report: its title (which report, which round, screen or
 * paper) and the addresses of its other forms, each keeping the options the person chose.
 */
export interface ReportPlace {
  reviewId: string;
  reference: string;
  /** The round's own report (/rounds/:roundId/report), rather than the review's */
  roundReport: boolean;
  /** The round `?round=` named on the review's report */
  chosenRoundId?: string;
  round: { id: string; number: number; isLatest: boolean } | null;
  showUnanswered: boolean;
}

/** "Board report, round 2 (latest): LCSPR 2026/07"; the round's own report and print versions say so. */
export function reportTitle(place: ReportPlace, print = false): string {
  const paper = print ? ' for printing' : '';
  if (place.roundReport && place.round) return `Round ${place.round.number} board report${paper}: ${place.reference}`;
  const which = !place.round
    ? 'no rounds yet'
    : `round ${place.round.number}${place.round.isLatest ? ' (latest)' : ''}`;
  return `Board report${paper}, ${which}: ${place.reference}`;
}

/** The report's address with the given options: the page, the print version or the PDF. */
export function reportUrl(place: ReportPlace, opts: { print?: boolean; pdf?: boolean; unanswered?: boolean } = {}) {
  const base =
    place.roundReport && place.round
      ? `/reviews/${place.reviewId}/rounds/${place.round.id}/report`
      : `/reviews/${place.reviewId}/report`;
  const query = new URLSearchParams();
  if (!place.roundReport && place.chosenRoundId) query.set('round', place.chosenRoundId);
  if (opts.unanswered ?? place.showUnanswered) query.set('unanswered', 'show');
  if (opts.print) query.set('print', '1');
  const q = query.toString();
  return `${base}${opts.pdf ? '.pdf' : ''}${q ? `?${q}` : ''}`;
}

export function reportLinks(place: ReportPlace) {
  return {
    self: reportUrl(place),
    print: reportUrl(place, { print: true }),
    pdf: reportUrl(place, { pdf: true }),
    withUnanswered: reportUrl(place, { unanswered: true }),
    withoutUnanswered: reportUrl(place, { unanswered: false }),
    /** Where the options form sends its GET */
    form: reportUrl({ ...place, chosenRoundId: undefined, showUnanswered: false }),
  };
}
