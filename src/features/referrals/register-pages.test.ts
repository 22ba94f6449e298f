import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import type { ReferralTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { UNDECIDED_REFERRAL } from './referrals.options.js';

let t: TestApp;
let admin: Client;

/** An adult's referral received on `receivedOn`, not yet decided, as the register stores one. */
function referralRow(organisationId: string, receivedOn: string, pseudonym: string): ReferralTable {
  const at = new Date().toISOString();
  return {
    ...UNDECIDED_REFERRAL,
    aware_on: null,
    id: newId(),
    organisation_id: organisationId,
    route: 's44-referral',
    received_on: receivedOn,
    source_agency: 'Police',
    subject_pseudonym: pseudonym,
    criteria: '{}',
    version: 1,
    created_at: at,
    created_by: null,
    updated_at: at,
    updated_by: null,
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Safeguarding Adults Board');
  admin = await signedInClient(t.app, db, await insertPerson(db, org.id, 'admin', { twoFactor: true }), org.id);
  const rows = Array.from({ length: 55 }, (_, i) =>
    referralRow(org.id, `2026-0${1 + Math.floor(i / 28)}-${String(1 + (i % 28)).padStart(2, '0')}`, `Adult ${i + 1}`),
  );
  await db.insertInto('referral').values(rows).execute();
});
afterAll(async () => t.close());

describe('the referral register', () => {
  it('shows 50 referrals a page, keeping the filters in the page links', async () => {
    const first = readPage((await admin.get('/referrals?route=s44-referral')).body);
    expect(first.all('#register tbody tr')).toHaveLength(50);
    expect(first.text('caption')).toBe('55 referrals, showing 1 to 50');
    const second = first.root.querySelector('.govuk-pagination__next a')!.getAttribute('href');
    expect(second).toBe('/referrals?route=s44-referral&page=2');
    const last = readPage((await admin.get(second!)).body);
    expect(last.all('#register tbody tr')).toHaveLength(5);
    expect(last.text('caption')).toBe('55 referrals, showing 51 to 55');
  });
});
