// Every page of the service, with its main heading.
export const PAGES = [
  { path: '/', heading: 'Refer a potential victim of modern slavery' },
  { path: '/start', heading: 'Refer a potential victim of modern slavery' },
  { path: '/verify/who-do-you-work-for', heading: 'Who do you work for?' },
  { path: '/verify/check-inbox', heading: 'Check your email' },
  { path: '/verify/email-not-recognised', heading: 'We do not recognise that email address' },
  { path: '/nrm/start?token=x', heading: 'Sign in to make a referral' },
  { path: '/nrm/token-invalid', heading: 'That sign-in link does not work' },
  { path: '/signed-out', heading: 'You have signed out' },
  { path: '/staff/change-password', heading: 'Change your password' },
  // The second-factor pages, opened without a password first.
  { path: '/staff/second-factor', heading: 'Sign in first' },
  { path: '/staff/second-factor/recovery-code', heading: 'Sign in first' },
  { path: '/accessibility', heading: 'Accessibility statement' },
  { path: '/privacy', heading: 'Privacy notice' },
  { path: '/no-such-page', heading: 'Page not found' },
];
