import { expect, Page, TestInfo } from '@playwright/test';
import { expectAccessible, jsOn, open } from './fixtures';
import { mailTo, requestSignInLink } from './mail';

/** One step's answers: field name to value. Radios take their value; boxes take 'tick'. */
export type Answers = Record<string, string>;
export type Step = [slug: string, answers: Answers];

/** A unique work email for this test, so tests never share drafts. */
export function emailFor(testInfo: TestInfo, label: string): string {
  const id = `${testInfo.project.name}-${label}-${testInfo.workerIndex}-${Date.now()}`;
  return `${id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}@met.police.uk`;
}

/** Signs in through the real emailed link and lands on the dashboard. */
export async function signIn(page: Page, email: string, testInfo: TestInfo) {
  const link = await requestSignInLink(page, email, testInfo);
  await open(page, link, testInfo);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/nrm\/reports$/);
}

export async function startReport(page: Page, email: string, testInfo: TestInfo) {
  await signIn(page, email, testInfo);
  await page.getByRole('button', { name: 'Start a new report' }).click();
  await expect(page).toHaveURL(/\/nrm\/reference$/);
  if (jsOn(testInfo)) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  }
}

/** Fills in a step's answers, in order (a radio before the fields it reveals). */
export async function fill(page: Page, answers: Answers) {
  for (const [name, value] of Object.entries(answers)) {
    const inputs = page.locator(`[name="${name}"]`);
    const type = await inputs.first().getAttribute('type');
    if (type === 'radio') {
      await page.locator(`input[name="${name}"][value="${value}"]`).check();
    } else if (type === 'checkbox') {
      await inputs.first().check();
    } else {
      await inputs.first().fill(value);
    }
  }
}

export async function saveAndContinue(page: Page) {
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

/** Steps whose every question is optional: an empty answer moves on. */
const OPTIONAL_STEPS = new Set(['details-last-contact', 'refuse-nrm', 'pv-dob', 'upload-evidence']);

/**
 * Answers each step in turn, checking the page is the expected one first.
 * With `checkEveryState`, each page is also checked with axe as it opens and,
 * for steps that require an answer, after an empty submit shows its errors.
 */
export async function answerSteps(page: Page, steps: Step[], checkEveryState = false) {
  for (const [slug, answers] of steps) {
    await expect(page).toHaveURL(new RegExp(`/nrm/${slug}$`));
    await expect(page.locator('h1')).toBeVisible();
    if (checkEveryState) {
      await expectAccessible(page);
      if (Object.keys(answers).length > 0 && !OPTIONAL_STEPS.has(slug)) {
        // Some answers start filled in (the organisation from sign-in): empty them.
        for (const input of await page.locator('main input[type="text"]:visible, main textarea:visible').all()) {
          await input.fill('');
        }
        await saveAndContinue(page);
        const summary = page.locator('.govuk-error-summary');
        await expect(summary).toBeFocused();
        await expect(page).toHaveURL(new RegExp(`/nrm/${slug}$`));
        await expectAccessible(page);
      }
    }
    await fill(page, answers);
    await saveAndContinue(page);
  }
}

/** Sends the report from check-your-answers; returns the reference shown on screen. */
export async function send(page: Page, button: RegExp): Promise<string> {
  await expect(page).toHaveURL(/\/nrm\/confirm$/);
  await page.getByRole('button', { name: button }).click();
  await expect(page).toHaveURL(/\/nrm\/confirmation\?reference=/);
  const reference = (await page.locator('#reference').textContent()) ?? '';
  expect(reference).toMatch(/^(NRM|DTN)-\d{4}-\d{6}$/);
  return reference;
}

/** Waits for an email to `email` that names `reference` (not merely the newest one). */
export async function expectEmailWith(email: string, reference: string) {
  await expect
    .poll(() => mailTo(email).some((text) => text.includes(reference)), {
      message: `an email to ${email} naming ${reference}`,
      timeout: 10_000,
    })
    .toBe(true);
}

export const START: Step[] = [
  ['reference', { reference: 'Case <b>one</b>' }],
  ['organisation', { 'user-organisation': 'Aberdeen City Council' }],
  ['fr-location', { 'fr-location': 'scotland' }],
];

export const ADULT_AGE: Step[] = [
  ['pv-under-age', { 'pv-under-age': 'no' }],
  ['pv-under-age-at-time-of-exploitation', { 'pv-under-age-at-time-of-exploitation': 'no' }],
];

export function childAge(answer: 'yes' | 'not-sure'): Step[] {
  const la = 'local-authority-contacted-about-child-local-authority';
  return [
    ['pv-under-age', { 'pv-under-age': answer }],
    [
      'local-authority-contacted-about-child',
      { [`${la}-name`]: 'The Aberdeen City Council', [`${la}-phone`]: '01224 522000', [`${la}-email`]: 'children@aberdeencity.gov.uk' },
    ],
  ];
}

/** Background to police (cases 5 to 13), with the branches that add steps. */
export const ACCOUNT: Step[] = [
  ['what-is-their-background', { birthplace: 'Tirana', family: 'Two sisters', education: 'School to 16', 'employment-history': 'Farm work' }],
  ['potential-victim-exploitative-situation-multiple', { 'potential-victim-exploitative-situation-multiple': 'yes' }],
  ['when-did-the-exploitation-take-place-multiple', { 'when-did-the-exploitation-take-place-multiple': '2023 farm; 2024 car wash' }],
  ['how-did-the-exploitation-start', { 'how-did-the-exploitation-start': 'Promised a job' }],
  ['were-they-taken-somewhere-by-their-exploiter', { 'were-they-taken-somewhere-by-their-exploiter': 'yes', 'were-they-taken-somewhere-by-their-exploiter-journey-details': 'By van' }],
  ['how-they-were-treated', { 'what-were-they-required-to-do': 'Pick crops', 'living-conditions': 'A caravan', 'how-they-were-treated': 'Threatened' }],
  ['is-the-potential-victim-still-in-an-exploitative-situation', { 'still-in-exploitative-situation': 'yes' }],
  ['reasons-preventing-potential-victim-from-leaving', { 'what-is-keeping-them-in-situation': 'Debt' }],
  ['when-last-contact', { 'when-last-contact': 'within-the-last-week' }],
  ['details-last-contact', { 'details-last-contact': 'A text message' }],
  ['is-this-the-first-chance-to-report', { 'is-this-the-first-chance-to-report': 'no' }],
  ['why-report-now', { 'why-report-now': 'Afraid' }],
  ['modern-slavery-indicators', { 'modern-slavery-indicators': 'yes', 'modern-slavery-indicators-details': 'Passport taken' }],
  ['where-how-interview-carried-out', { 'where-how-interview-carried-out': 'At the station' }],
  ['professional-insight', { 'professional-insight': 'Credible' }],
  ['evidence-of-dishonesty', { 'evidence-of-dishonesty': 'no' }],
  ['are-others-involved', { 'are-others-involved': 'yes', 'are-others-involved-details': 'Social worker' }],
  ['where-exploitation-happened', { 'where-exploitation-happened': 'uk-and-overseas' }],
  ['where-exploitation-happened-uk', { 'where-exploitation-happened-uk-city-1': 'Aberdeen' }],
  ['where-exploitation-happened-overseas', { 'where-exploitation-happened-overseas-country-1': 'Albania' }],
  ['current-pv-location', { 'current-pv-location-uk-city': 'London', 'current-pv-location-uk-region': 'Greater London' }],
  ['who-exploited-pv', { 'who-exploited-pv': 'A gang' }],
  ['exploiters-location', { 'exploiters-location': 'yes' }],
  ['are-exploiters-in-the-uk', { 'are-exploiters-in-the-uk': 'no' }],
  ['exploiters-current-location-details', { 'exploiters-current-location-details': 'Abroad' }],
  ['types-of-exploitation', { 'types-of-exploitation-forced-to-work': 'tick', 'types-of-exploitation-other': 'tick', 'other-exploitation-details': 'Begging' }],
  ['any-other-pvs', { 'any-other-pvs': 'not-sure' }],
  ['future-exploitation', { 'future-exploitation-concerns': 'yes' }],
  ['concerns-future-exploitation', { 'future-exploitation-reasons': 'Debt' }],
  ['reported-to-police', { 'reported-to-police': 'yes', 'reported-to-police-police-forces': 'Police Scotland', 'reported-to-police-crime-reference': 'CR/1' }],
];

export function cooperation(answer: 'yes' | 'no'): Step[] {
  return [['authorities-cooperation', { 'authorities-cooperation': answer }]];
}

const PV_DETAILS: Step[] = [
  ['pv-dob', { 'pv-dob-day': '1', 'pv-dob-month': '2', 'pv-dob-year': '2000' }],
  ['pv-gender-referral', { 'pv-gender': 'female' }],
  ['does-pv-have-children', { 'does-pv-have-children': 'yes', 'does-pv-have-children-yes-amount': '2' }],
  ['pv-nationality-referral', { 'pv-nationality': 'British', 'pv-nationality-second': 'Jamaican' }],
  ['pv-interpreter-requirements', { 'pv-interpreter-requirements': 'yes', 'pv-interpreter-requirements-language': 'Albanian' }],
  ['pv-other-help-with-communication', { 'pv-other-help-with-communication': 'no' }],
  ['pv-ho-reference', { 'pv-ho-reference': 'no' }],
];

const NAME: Answers = { 'pv-name-first-name': 'Ana', 'pv-name-last-name': '<script>alert(1)</script>' };

const FR_DETAILS: Step[] = [
  ['fr-details', { 'fr-details-first-name': 'Jo', 'fr-details-last-name': 'Bloggs', 'fr-details-role': 'DC', 'fr-details-phone': '020 7946 0000' }],
  ['fr-alternative-contact', { 'fr-alternative-contact': 'team@met.police.uk' }],
  ['upload-evidence', {}],
];

/** Adult NRM with support and a someone-else decision recipient (cases 14 to 18). */
export const ADULT_NRM_END: Step[] = [
  ['pv-want-to-submit-nrm', { 'pv-want-to-submit-nrm': 'yes' }],
  ['does-pv-need-support', { 'does-pv-need-support': 'yes' }],
  ['pv-phone-number', { 'pv-phone-number': 'pv-alternative-number', 'pv-phone-number-alternative': '01234567891', 'alternative-number-relation-to-pv': 'Friend' }],
  ['pv-name-referral', NAME],
  ...PV_DETAILS,
  ['who-contact', { 'who-contact': 'someone-else' }],
  ['someone-else', { 'someone-else-email': 'tick', 'someone-else-email-input': 'support@charity.org.uk', 'someone-else-permission-check': 'tick' }],
  ...FR_DETAILS,
];

/** Adult DtN: reason, gender, nationality; name and contact only with cooperation (cases 20, 21). */
export function dtnEnd(cooperating: boolean): Step[] {
  const steps: Step[] = [
    ['pv-want-to-submit-nrm', { 'pv-want-to-submit-nrm': 'no' }],
    ['refuse-nrm', { 'refuse-nrm': 'Scared' }],
    ['pv-gender-dtn', { 'pv-gender': 'male' }],
    ['pv-nationality-dtn', { 'pv-nationality': 'French' }],
  ];
  if (cooperating) {
    steps.push(
      ['pv-name-dtn', NAME],
      [
        'pv-contact-details-dtn',
        {
          'pv-contact-details-post': 'tick',
          'pv-contact-details-street': '1 High Street',
          'pv-contact-details-town': 'Leeds',
          'pv-contact-details-postcode': 'LS1 1AA',
          'pv-contact-details-post-check': 'tick',
        },
      ],
    );
  }
  return steps;
}

/** A child: consent implied (case 23), no support, no decision recipient (case 24). */
export const CHILD_END: Step[] = [
  ['pv-want-to-submit-nrm', {}],
  ['pv-name-referral', NAME],
  ...PV_DETAILS,
  ...FR_DETAILS,
];
