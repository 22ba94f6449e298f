/**
 * Every GET route of the authorisation matrix (test/authorization-matrix/), and how the browser suite
 * covers it. A page's route is in PAGE_CHECKS with a spec file that loads it: each load is audited by axe
 * at 1280 and at 320 px wide, with the reflow check, with JavaScript on or off as that test runs
 * (e2e/support/reflow.ts). After that spec file runs in full, each page listed for it must have been
 * audited (e2e/support/coverage.ts), so an entry here cannot claim a check that does not happen.
 * test/browser-page-coverage.unit.test.ts fails when a GET route of the matrix is in none of the three
 * lists, as the matrix itself fails for a route with no rules: a new page needs a browser check, or a
 * reason here why it has none.
 */

/** Page route → the spec file (its name) that audits it. */
export const PAGE_CHECKS: Record<string, string> = {
  '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence/:evidenceId/delete': 'evidence-discussion.spec.ts',
  '/reviews/:id/edit': 'reviews.spec.ts',
  '/': 'pages.spec.ts',
  '/about': 'pages.spec.ts',
  '/accessibility': 'pages.spec.ts',
  '/privacy': 'pages.spec.ts',
  '/search': 'pages.spec.ts',
  '/frameworks': 'pages.spec.ts',
  '/frameworks/:ref': 'pages.spec.ts',
  '/frameworks/:ref/versions': 'versions.spec.ts',
  '/frameworks/:ref/versions/:range': 'versions.spec.ts',
  '/frameworks/:ref/print': 'pages.spec.ts',
  '/frameworks/:ref/:marker': 'pages.spec.ts',
  '/sign-in': 'accounts.spec.ts',
  '/sign-in/two-factor': 'accounts.spec.ts',
  '/sign-in/forgotten-password': 'accounts.spec.ts',
  '/password-reset/:token': 'accounts.spec.ts',
  '/invitations/:token': 'accounts.spec.ts',
  '/work': 'work.spec.ts',
  '/account': 'accounts.spec.ts',
  '/partnerships': 'accounts.spec.ts',
  '/account/password': 'accounts.spec.ts',
  '/account/two-factor': 'accounts.spec.ts',
  '/account/notifications': 'notifications.spec.ts',
  '/account/tokens': 'accounts.spec.ts',
  '/account/tokens/new': 'accounts.spec.ts',
  '/admin/people': 'accounts.spec.ts',
  '/admin/people/invite': 'accounts.spec.ts',
  '/admin/people/:userId': 'accounts.spec.ts',
  '/admin/settings': 'accounts.spec.ts',
  '/admin/single-sign-on': 'accounts.spec.ts',
  '/admin/audit': 'accounts.spec.ts',
  '/admin/frameworks': 'frameworks-admin.spec.ts',
  '/admin/frameworks/import': 'frameworks-admin.spec.ts',
  '/admin/settings/logo': 'reports.spec.ts',
  '/reviews': 'reviews.spec.ts',
  '/reviews/new': 'reviews.spec.ts',
  '/reviews/:id': 'round-journeys.spec.ts',
  '/reviews/:id/dates': 'reviews.spec.ts',
  '/reviews/:id/team': 'reviews.spec.ts',
  '/reviews/:id/framework': 'frameworks-admin.spec.ts',
  '/reviews/:id/scope': 'reviews.spec.ts',
  '/reviews/:id/scope/:section': 'reviews.spec.ts',
  '/reviews/:id/rounds/new': 'round-lifecycle.spec.ts',
  '/reviews/:id/rounds/:roundId': 'reviews.spec.ts',
  '/reviews/:id/rounds/:roundId/markers/:markerKey': 'reviews.spec.ts',
  '/reviews/:id/rounds/:roundId/markers/:markerKey/history': 'reviews.spec.ts',
  '/reviews/:id/rounds/:roundId/markers/:markerKey/meeting': 'meeting.spec.ts',
  '/reviews/:id/rounds/compare': 'round-lifecycle.spec.ts',
  '/reviews/:id/report': 'reports.spec.ts',
  '/reviews/:id/rounds/:roundId/report': 'reports.spec.ts',
  '/reviews/:id/rounds/:roundId/markers/:markerKey/comments/:commentId/edit': 'evidence-discussion.spec.ts',
  '/admin/themes': 'actions.spec.ts',
  '/admin/themes/:themeId': 'actions.spec.ts',
  '/reviews/:id/findings': 'actions.spec.ts',
  '/reviews/:id/findings/new': 'actions.spec.ts',
  '/reviews/:id/findings/:findingId': 'actions.spec.ts',
  '/reviews/:id/actions': 'actions.spec.ts',
  '/reviews/:id/actions/new': 'actions.spec.ts',
  '/reviews/:id/actions/import': 'actions.spec.ts',
  '/reviews/:id/actions/:actionId': 'actions.spec.ts',
  '/reviews/:id/actions/:actionId/edit': 'actions.spec.ts',
  '/actions': 'actions.spec.ts',
  '/reviews/:id/response': 'actions.spec.ts',
  '/reviews/:id/rounds/:roundId/meeting': 'meeting.spec.ts',
  '/reviews/:id/status': 'status-publication.spec.ts',
  '/reviews/:id/publication': 'status-publication.spec.ts',
  '/referrals': 'referrals.spec.ts',
  '/referrals/new': 'referrals.spec.ts',
  '/referrals/:id': 'referrals.spec.ts',
  '/referrals/:id/rapid-review': 'referrals.spec.ts',
  '/referrals/:id/requests/new': 'referrals.spec.ts',
  '/referrals/:id/requests/:requestId': 'referrals.spec.ts',
  '/referrals/:id/decision': 'referrals.spec.ts',
  '/learning': 'learning.spec.ts',
  '/learning/region': 'learning.spec.ts',
};

/** Routes that answer with something other than an HTML page: nothing for axe to audit. */
export const NOT_PAGES: Record<string, string> = {
  '/health': 'JSON for load balancers and monitoring',
  '/health/live': 'JSON for load balancers and monitoring',
  '/session/status': 'JSON that the session-timeout script asks for',
  '/frameworks/:ref/versions/compare': 'redirects (303) to the comparison page, /frameworks/:ref/versions/:range',
  '/frameworks/:ref/checklist.docx': 'a Word document',
  '/admin/audit.csv': 'a CSV download',
  '/organisation/logo': "the partnership's logo image",
  '/reviews/:id/scope/terms-of-reference.docx': 'a Word document',
  '/reviews/:id/rounds/:roundId/checklist.docx': 'a Word document',
  '/reviews/:id/export': 'a download of the review (JSON, CSV or spreadsheet)',
  '/reviews/:id/actions/import/template.csv': 'a CSV template',
  '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence/:evidenceId': 'the evidence file itself, as uploaded',
  '/api/v1/openapi.json': 'JSON for API clients',
  '/api/v1/frameworks': 'JSON for API clients',
  '/api/v1/frameworks/schema.json': 'JSON for API clients',
  '/api/v1/frameworks/:key': 'JSON for API clients',
  '/api/v1/frameworks/:key/versions': 'JSON for API clients',
  '/api/v1/frameworks/:key/versions/:version': 'JSON for API clients',
  '/api/v1/me': 'JSON for API clients',
  '/api/v1/me/work': 'JSON for API clients',
  '/api/v1/reviews': 'JSON for API clients',
  '/api/v1/reviews/:id': 'JSON for API clients',
  '/api/v1/reviews/export.schema.json': 'JSON for API clients',
  '/api/v1/reviews/:id/export': 'JSON for API clients',
  '/api/v1/reviews/:id/team': 'JSON for API clients',
  '/api/v1/reviews/:id/rounds/:roundId/markers/:markerKey': 'JSON for API clients',
  '/api/v1/reviews/:id/rounds/:roundId': 'JSON for API clients',
  '/api/v1/reviews/:id/publication': 'JSON for API clients',
  '/api/v1/referrals': 'JSON for API clients',
  '/api/v1/referrals/:id': 'JSON for API clients',
  '/api/v1/learning/markers': 'JSON for API clients',
  '/api/v1/learning/themes': 'JSON for API clients',
  '/reviews/:id/report.pdf': 'the board report as a PDF document',
  '/reviews/:id/rounds/:roundId/report.pdf': 'the board report of a round as a PDF document',
};

/** HTML pages with no browser check, each with the reason. */
export const NO_BROWSER_CHECK: Record<string, string> = {
  '/api/docs':
    'axe on this long page (every operation and schema, dozens of tables) took over the 60 s test timeout on the shared CI machine; its tables are in scroll regions and src/features/api/docs-page.test.ts tests its HTML',
  '/reviews/:id/team/:memberId/role':
    'not yet loaded by a browser test; only the authorisation matrix asks for it (its status)',
  '/reviews/:id/team/:memberId/remove':
    'not yet loaded by a browser test; only the authorisation matrix asks for it (its status)',
  '/sign-in/single-sign-on':
    'only reached from an identity provider set up for the partnership; the browser suite has no provider (src/features/organisations/sso.test.ts tests it with a test provider)',
  '/sign-in/single-sign-on/callback':
    'the return from an identity provider; without one it is the "sign-in has expired" error page (src/features/organisations/sso.test.ts)',
  '/sign-in/forgotten-password/sent':
    'not yet loaded by a browser test; only the authorisation matrix asks for it (its status)',
  '/password-reset/done': 'not yet loaded by a browser test; src/features/accounts/password-reset.test.ts',
  '/invitations/accepted': 'not yet loaded by a browser test; src/features/organisations/invitation.test.ts',
  '/setup/:token':
    'exists only before the first admin is made; the browser suite starts with partnerships and admins in place',
  '/account/two-factor/recovery-codes':
    'not yet loaded by a browser test; src/features/accounts/two-factor-manage.test.ts',
  '/account/two-factor/turn-off': 'not yet loaded by a browser test; src/features/accounts/two-factor-manage.test.ts',
  '/admin/people/:userId/disable': 'not yet loaded by a browser test; src/features/organisations/people.test.ts',
  '/referrals/:id/notices': 'not yet loaded by a browser test; src/features/referrals/referrals.test.ts',
};
