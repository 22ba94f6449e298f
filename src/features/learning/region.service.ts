/**
 * The regional view: one person's roll-up across every partnership they belong to. Read-only, figures
 * only, and never unpublished content of a partnership where the person is on no review's team: in each
 * partnership it counts the reviews the person may see there (all of them for its admins, the ones on
 * whose team they are for everyone else) and the published ones; it lists published reviews only.
 */
import type { Kysely } from 'kysely';
import type { Database, ReviewStatus, ReviewType } from '../../db/schema.js';
import { membershipsOf } from '../accounts/accounts.service.js';
import { frameworksVisibleTo, type FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { countsOf, tally, type FrameworkCounts, type FrameworkInfo } from './markers-matrix.js';
import * as repo from './learning.repository.js';
import { frameworkInfo } from './learning.service.js';

type Db = Kysely<Database>;

export interface PublishedReview {
  partnership: string;
  reference: string;
  title: string;
  type: ReviewType;
  publishedOn: string;
  url: string | null;
}

export async function regionalView(db: Db, builtIn: FrameworkCatalogue, userId: string, today: string) {
  const memberships = await membershipsOf(db, userId);
  const byTypeStatus = new Map<string, number>();
  const judgements = new Map<string, { marker_key: string; judgement: string; n: number }[]>();
  const reviewsByFramework = new Map<string, number>();
  const themes = new Map<string, { findings: number; recommendations: number }>();
  const published: PublishedReview[] = [];
  const partnerships: { name: string; reviews: number; published: number }[] = [];
  const infos = new Map<string, FrameworkInfo>();

  for (const m of memberships) {
    const scope: repo.Scope = {
      organisationId: m.organisation_id,
      memberId: m.role === 'admin' ? undefined : userId,
      orPublished: true,
      filters: {},
    };
    const [visible, reviews, rounds, themeRows] = await Promise.all([
      frameworksVisibleTo(db, builtIn, { organisation: { id: m.organisation_id } }),
      repo.reviewsIn(db, scope),
      repo.roundsChosen(db, scope, 'approved'),
      repo.themeFindings(db, scope),
    ]);
    const counts = tally(rounds);
    const frameworkOf = new Map(reviews.map((r) => [r.id, r.framework_key]));
    for (const r of reviews) {
      if (!infos.has(r.framework_key)) infos.set(r.framework_key, frameworkInfo(visible, r.framework_key));
      const key = `${r.type} ${r.status}`;
      byTypeStatus.set(key, (byTypeStatus.get(key) ?? 0) + 1);
      if (r.published_on) {
        published.push({
          partnership: m.name,
          reference: r.reference,
          title: r.title,
          type: r.type,
          publishedOn: r.published_on,
          url: r.published_url,
        });
      }
    }
    for (const round of rounds) {
      const key = frameworkOf.get(round.review_id);
      if (key) reviewsByFramework.set(key, (reviewsByFramework.get(key) ?? 0) + 1);
    }
    for (const c of counts) {
      const list = judgements.get(c.framework_key) ?? [];
      list.push(c);
      judgements.set(c.framework_key, list);
    }
    for (const t of themeRows) {
      const row = themes.get(t.label) ?? { findings: 0, recommendations: 0 };
      if (t.kind === 'finding') row.findings += t.n;
      else row.recommendations += t.n;
      themes.set(t.label, row);
    }
    partnerships.push({
      name: m.name,
      reviews: reviews.length,
      published: reviews.filter((r) => r.published_on).length,
    });
  }

  const markerGroups: FrameworkCounts[] = [...reviewsByFramework.entries()]
    .map(([key, n]) => countsOf(infos.get(key) ?? frameworkInfo(builtIn, key), n, judgements.get(key) ?? []))
    .sort((a, b) => a.framework.title.localeCompare(b.framework.title));
  return {
    today,
    partnerships,
    reviewsByTypeStatus: [...byTypeStatus.entries()].map(([key, n]) => {
      const [type, status] = key.split(' ') as [ReviewType, ReviewStatus];
      return { type, status, n };
    }),
    markerGroups,
    themes: [...themes.entries()]
      .map(([theme, n]) => ({ theme, ...n }))
      .sort(
        (a, b) => b.findings + b.recommendations - (a.findings + a.recommendations) || a.theme.localeCompare(b.theme),
      ),
    published: published.sort(
      (a, b) => b.publishedOn.localeCompare(a.publishedOn) || a.reference.localeCompare(b.reference),
    ),
  };
}
export type RegionalView = Awaited<ReturnType<typeof regionalView>>;
