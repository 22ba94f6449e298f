import { emailProblem, field, rawField, type FormResult } from '../../lib/forms.js';
import { passwordProblem } from '../accounts/accounts.service.js';

export type SetupField = 'partnershipName' | 'kind' | 'name' | 'email' | 'password';

export interface SetupValues {
  partnershipName: string;
  kind: string;
  name: string;
  email: string;
  password: string;
}

export function parseSetup(body: unknown): FormResult<SetupValues, SetupField> {
  const values = {
    partnershipName: field(body, 'partnershipName'),
    kind: field(body, 'kind'),
    name: field(body, 'name'),
    email: field(body, 'email'),
    password: rawField(body, 'password'),
  };
  const errors: FormResult<SetupValues, SetupField>['errors'] = {};
  if (!values.partnershipName) errors.partnershipName = 'Enter the name of the partnership';
  else if (values.partnershipName.length > 120)
    errors.partnershipName = 'Partnership name must be 120 characters or fewer';
  if (!['children', 'adults', 'both'].includes(values.kind)) errors.kind = 'Select the kind of partnership';
  if (!values.name) errors.name = 'Enter your full name';
  else if (values.name.length > 120) errors.name = 'Name must be 120 characters or fewer';
  errors.email = emailProblem(values.email);
  errors.password = passwordProblem(values.password, { email: values.email });
  return { values, errors };
}
