import { z } from 'zod';
import { named } from '../../plugins/api-docs.js';

/**
 * The shapes of the api feature's own answers. Every other operation's shapes live with its feature
 * (reviews/, assessments/, frameworks/, exports/ api.schemas.ts), named there with `named()`.
 */

const text = (description: string) => z.string().describe(description);

export const meSchema = named(
  'Me',
  z
    .strictObject({
      user: z
        .strictObject({ id: text('Person ID'), email: text('Email address'), name: text('Full name') })
        .describe('The person the token or session belongs to'),
      partnership: z
        .strictObject({ slug: text('Short name used in addresses'), name: text('Name of the partnership') })
        .describe('The partnership the token works in'),
      role: z.enum(['admin', 'member', 'viewer']).describe('The person’s role in the partnership'),
      scopes: z.array(z.enum(['read', 'write'])).describe('What the credential may do: read, write or both'),
    })
    .describe('Who is calling'),
);

export const openApiDocumentSchema = named('OpenApiDocument', z.looseObject({}).describe('An OpenAPI 3.1 document'));

export type Me = z.infer<typeof meSchema>;
