import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, hasErrors, type FieldErrors } from '../../lib/forms.js';
import { actorOf, requireAuth } from '../../plugins/auth.js';
import { getOrganisation, updateSettings, type Organisation } from './organisations.service.js';
import { DEFAULT_GROUPS_CLAIM } from './single-sign-on.service.js';
import { parseSsoSettings, type SsoSettingsValues } from './sso-settings.form.js';

export const SSO_SETTINGS_PATH = '/admin/single-sign-on';

/** What the form shows for saved settings: never the secret itself, only whether one is saved. */
function savedValues(org: Organisation): SsoSettingsValues {
  return {
    issuer: org.oidc_issuer ?? '',
    clientId: org.oidc_client_id ?? '',
    clientSecret: '',
    allowedDomains: (org.oidc_allowed_domains ?? '').split(',').filter(Boolean).join('\n'),
    groupsClaim: org.oidc_role_claim ?? DEFAULT_GROUPS_CLAIM,
    adminGroup: org.oidc_admin_group ?? '',
    viewerGroup: org.oidc_viewer_group ?? '',
  };
}

/** A partnership's admins set up single sign-on with their identity provider. */
export const ssoSettingsRoutes: FastifyPluginAsync = async (app) => {
  const guard = requireAuth({ roles: ['admin'] });
  const redirectUri = `${app.config.publicUrl}/sign-in/single-sign-on/callback`;

  function render(
    reply: FastifyReply,
    org: Organisation,
    values: SsoSettingsValues,
    errors: FieldErrors,
    extra: { status?: number; saved?: boolean } = {},
  ) {
    return reply.code(extra.status ?? 200).view('organisations/sso-settings.njk', {
      values: { ...values, clientSecret: '' },
      errors,
      errorSummary: errorList(errors),
      secretSaved: Boolean(org.oidc_client_secret),
      ssoOn: Boolean(org.oidc_issuer && org.oidc_client_id),
      redirectUri,
      saved: extra.saved,
    });
  }

  app.get<{ Querystring: { saved?: string } }>(SSO_SETTINGS_PATH, { preHandler: guard }, async (request, reply) => {
    const org = await getOrganisation(app.db, request.auth!.organisation!.id);
    return render(reply, org, savedValues(org), {}, { saved: request.query.saved === '1' });
  });

  app.post(SSO_SETTINGS_PATH, { preHandler: guard }, async (request, reply) => {
    const organisationId = request.auth!.organisation!.id;
    const org = await getOrganisation(app.db, organisationId);
    const form = parseSsoSettings(request.body, {
      secretSaved: Boolean(org.oidc_client_secret),
      allowHttpLoopback: !app.config.isProduction,
    });
    if (hasErrors(form.errors)) return render(reply, org, form.values, form.errors, { status: 400 });
    await updateSettings(app.db, app.secretBox, { ...actorOf(request), organisationId }, form.changes, app.now());
    return reply.redirect(`${SSO_SETTINGS_PATH}?saved=1`, 303);
  });
};
