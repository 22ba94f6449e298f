import { field, type FieldErrors, type FormResult } from '../../lib/forms.js';
import type { SettingsChanges } from './organisations.service.js';
import { DEFAULT_GROUPS_CLAIM, isLoopbackHttp, NO_SINGLE_SIGN_ON } from './single-sign-on.service.js';

export type SsoSettingsField =
  'issuer' | 'clientId' | 'clientSecret' | 'allowedDomains' | 'groupsClaim' | 'adminGroup' | 'viewerGroup';

export type SsoSettingsValues = Record<SsoSettingsField, string>;

const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Email domains typed one a line or separated by commas; a leading @ is forgiven. */
export function splitDomains(text: string): string[] {
  const all = text.split(/[\r\n,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, ''));
  return [...new Set(all.filter(Boolean))];
}

function issuerProblem(issuer: string, allowHttpLoopback: boolean): string | undefined {
  if (!issuer) return 'Enter the issuer URL';
  const example = 'Enter the issuer URL in the correct format, like https://login.example.gov.uk';
  if (issuer.length > 500 || !URL.canParse(issuer)) return example;
  const url = new URL(issuer);
  if (url.username || url.password || url.search || url.hash) return example;
  if (url.protocol === 'https:') return undefined;
  if (allowHttpLoopback && isLoopbackHttp(url)) return undefined;
  return url.protocol === 'http:' ? 'The issuer URL must start with https://' : example;
}

export interface ParsedSsoSettings extends FormResult<SsoSettingsValues, SsoSettingsField> {
  /** What to save when there are no errors: null fields turn single sign-on off. */
  changes: SettingsChanges;
}

/**
 * The single sign-on settings form. The secret is write-only: left blank, the saved one is kept.
 * Clearing the issuer URL, client ID, secret and domains turns single sign-on off.
 */
export function parseSsoSettings(
  body: unknown,
  opts: { secretSaved: boolean; allowHttpLoopback: boolean },
): ParsedSsoSettings {
  const values: SsoSettingsValues = {
    issuer: field(body, 'issuer'),
    clientId: field(body, 'clientId'),
    clientSecret: field(body, 'clientSecret'),
    allowedDomains: field(body, 'allowedDomains'),
    groupsClaim: field(body, 'groupsClaim'),
    adminGroup: field(body, 'adminGroup'),
    viewerGroup: field(body, 'viewerGroup'),
  };
  const errors: FieldErrors<SsoSettingsField> = {};
  if (!values.issuer && !values.clientId && !values.clientSecret && !values.allowedDomains) {
    return {
      values,
      errors,
      changes: { ...NO_SINGLE_SIGN_ON },
    };
  }
  errors.issuer = issuerProblem(values.issuer, opts.allowHttpLoopback);
  if (!values.clientId) errors.clientId = 'Enter the client ID';
  else if (values.clientId.length > 255) errors.clientId = 'Client ID must be 255 characters or fewer';
  if (!values.clientSecret && !opts.secretSaved) errors.clientSecret = 'Enter the client secret';
  else if (values.clientSecret.length > 1000) errors.clientSecret = 'Client secret must be 1000 characters or fewer';

  const domains = splitDomains(values.allowedDomains);
  const wrong = domains.find((d) => !DOMAIN.test(d));
  if (!domains.length) errors.allowedDomains = 'Enter at least one email domain, like example.gov.uk';
  else if (wrong)
    errors.allowedDomains = `“${wrong.slice(0, 60)}” is not an email domain: enter domains like example.gov.uk`;
  else if (domains.length > 50) errors.allowedDomains = 'Enter 50 email domains or fewer';

  if (/\s/.test(values.groupsClaim)) errors.groupsClaim = 'Groups claim name must not contain spaces';
  else if (values.groupsClaim.length > 200) errors.groupsClaim = 'Groups claim name must be 200 characters or fewer';
  for (const name of ['adminGroup', 'viewerGroup'] as const) {
    if (values[name].length > 200) errors[name] = 'Group name must be 200 characters or fewer';
  }
  if (!errors.viewerGroup && values.adminGroup && values.adminGroup === values.viewerGroup)
    errors.viewerGroup = 'The viewer group must be different from the admin group';

  return {
    values,
    errors,
    changes: {
      oidc_issuer: values.issuer,
      oidc_client_id: values.clientId,
      ...(values.clientSecret ? { oidc_client_secret: values.clientSecret } : {}),
      oidc_allowed_domains: domains.join(','),
      oidc_role_claim: values.groupsClaim || DEFAULT_GROUPS_CLAIM,
      oidc_admin_group: values.adminGroup || null,
      oidc_viewer_group: values.viewerGroup || null,
    },
  };
}
