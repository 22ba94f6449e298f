import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { isApi, partnershipActor } from '../../plugins/auth.js';
import { mayOpenRegister } from './referrals.service.js';

/**
 * The "Referrals" link of the navigation (layouts/base.njk) is shown only to people the review policy lets
 * open the register: a member on no review team, or only an observer, would follow it to a 403.
 */
export const referralsNavigation: FastifyPluginAsync = fp(
  async (app) => {
    app.addHook('preHandler', async (request) => {
      const auth = request.auth;
      if (!auth?.organisation || !auth.role || auth.via !== 'session' || isApi(request)) return;
      if (request.url.startsWith('/assets/')) return;
      auth.mayOpenReferrals = await mayOpenRegister(app.db, partnershipActor(request));
    });
  },
  { name: 'referrals-navigation' },
);
