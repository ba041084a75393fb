import { expect, test } from '@playwright/test';
import { adminApi, DEMO, msg, statePath, uniqueEmail, useLanguage } from './support.ts';

/** The users page: an admin lists, creates, re-roles, disables and enables staff; others may not. */

test.describe('as an administrator', () => {
  test.use({ storageState: statePath('admin') });

  test('creates a user, changes the role, disables and enables them', async ({ page }) => {
    const email = uniqueEmail('created');
    await page.goto('/dashboard/users');
    await expect(page.getByTestId(`staff-row-${DEMO.clerk}`)).toContainText('Clerk');
    const before = await page.getByTestId('staff-table').locator('tbody tr').count();

    await page.getByRole('link', { name: msg('en', 'dashboard', 'users.add') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'dashboard', 'newUser.title'));

    // Missing fields, then a password the server finds too short: both explained at the field.
    await page.getByRole('button', { name: msg('en', 'dashboard', 'newUser.submit') }).click();
    await expect(page.getByText(msg('en', 'dashboard', 'newUser.nameRequired'))).toBeVisible();
    await expect(page.getByLabel(msg('en', 'dashboard', 'newUser.name'))).toBeFocused();
    await page.getByLabel(msg('en', 'dashboard', 'newUser.name')).fill('María José Villarreal');
    await page.getByLabel(msg('en', 'dashboard', 'newUser.email')).fill(email);
    await page.getByLabel(msg('en', 'dashboard', 'newUser.password')).fill('short');
    await page.getByRole('button', { name: msg('en', 'dashboard', 'newUser.submit') }).click();
    await expect(page.getByTestId('problem').getByRole('heading')).toHaveText(
      msg('en', 'errors', 'validation_failed.title'),
    );
    await expect(page.getByText('Enter at least 12 characters.')).toBeVisible();

    await page.getByLabel(msg('en', 'dashboard', 'newUser.password')).fill('a long temporary passphrase');
    await page.locator('label[for="role-viewer"]').click();
    await page.getByLabel(msg('en', 'dashboard', 'newUser.language')).selectOption('es');
    await page.getByRole('button', { name: msg('en', 'dashboard', 'newUser.submit') }).click();

    await expect(page).toHaveURL(/\/dashboard\/users$/);
    await expect(page.getByTestId('flash')).toContainText('María José Villarreal was added.');
    const row = page.getByTestId(`staff-row-${email}`);
    await expect(row).toContainText('Viewer');
    await expect(row).toContainText('Active');
    await expect(row).toContainText('Never');
    await expect(page.getByTestId('staff-table').locator('tbody tr')).toHaveCount(before + 1);

    // Change the role.
    await row.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('María José Villarreal');
    await page.locator('label[for="role-clerk"]').click();
    await page.getByRole('button', { name: msg('en', 'dashboard', 'manageUser.roleSave') }).click();
    await expect(page.getByTestId('flash')).toHaveText('María José Villarreal now has the Clerk role.');

    // Disable (with a confirmation step), then enable again.
    await page.getByRole('button', { name: msg('en', 'dashboard', 'manageUser.disable') }).click();
    await page.getByRole('button', { name: msg('en', 'dashboard', 'manageUser.disableYes') }).click();
    await expect(page.getByTestId('flash')).toHaveText(
      'María José Villarreal is disabled and cannot sign in.',
    );
    await expect(page.getByTestId('user-status')).toHaveText('Disabled');
    await page.getByRole('link', { name: msg('en', 'dashboard', 'users.back') }).click();
    await expect(page.getByTestId(`staff-row-${email}`)).toContainText('Clerk');
    await expect(page.getByTestId(`staff-row-${email}`)).toContainText('Disabled');

    // The API agrees: a disabled user cannot sign in.
    const login = await page.request.post('/api/v1/auth/login', {
      data: { email, password: 'a long temporary passphrase' },
      headers: { 'accept-language': 'es' },
    });
    expect(login.status()).toBe(403);
    expect(((await login.json()) as { title: string }).title).toBe(
      msg('es', 'errors', 'account_disabled.title'),
    );

    await page.getByTestId(`staff-row-${email}`).getByRole('link').click();
    await page.getByRole('button', { name: msg('en', 'dashboard', 'manageUser.enable') }).click();
    await expect(page.getByTestId('flash')).toHaveText('María José Villarreal can sign in again.');
    await expect(page.getByTestId('user-status')).toHaveText('Active');
  });

  test('in Spanish, a duplicate email is refused with the server’s message', async ({ page, context }) => {
    await useLanguage(context, 'es');
    await page.goto('/dashboard/users/new');
    await page.getByLabel(msg('es', 'dashboard', 'newUser.name')).fill('Otra Persona');
    await page.getByLabel(msg('es', 'dashboard', 'newUser.email')).fill(DEMO.clerk);
    await page.getByLabel(msg('es', 'dashboard', 'newUser.password')).fill('una frase larga y segura');
    await page.getByRole('button', { name: msg('es', 'dashboard', 'newUser.submit') }).click();
    const problem = page.getByTestId('problem');
    await expect(problem.getByRole('heading')).toHaveText(msg('es', 'errors', 'email_taken.title'));
    await expect(problem).toContainText(msg('es', 'errors', 'email_taken.detail'));
    await expect(page).toHaveURL(/\/dashboard\/users\/new$/);
  });

  test('cannot disable their own account', async ({ page }) => {
    await page.goto('/dashboard/users');
    await page.getByTestId(`staff-row-${DEMO.admin}`).getByRole('link').click();
    await expect(page.getByText(msg('en', 'dashboard', 'manageUser.self'))).toBeVisible();
    await expect(
      page.getByRole('button', { name: msg('en', 'dashboard', 'manageUser.disable') }),
    ).toHaveCount(0);
    // And the API refuses it too.
    const { api, csrf, dispose } = await adminApi();
    const me = (await (await api.get('/api/v1/auth/me')).json()) as { user: { id: string } };
    const res = await api.patch(`/api/v1/staff/${me.user.id}`, {
      headers: { 'x-csrf-token': csrf },
      data: { status: 'disabled' },
    });
    expect(res.status()).toBe(409);
    await dispose();
  });
});

test.describe('as a clerk', () => {
  test.use({ storageState: statePath('clerk') });

  test('has no Users in the menu, gets a plain "not allowed" page, and the API says 403', async ({
    page,
  }) => {
    await page.goto('/dashboard');
    await expect(page.getByTestId('signed-in-user')).toHaveText('Carlos Treviño, Clerk');
    const nav = page.getByRole('navigation', { name: msg('en', 'dashboard', 'nav.label') });
    await expect(nav.getByRole('link', { name: msg('en', 'dashboard', 'modules.home.title') })).toBeVisible();
    await expect(
      nav.getByRole('link', { name: msg('en', 'dashboard', 'modules.communications.title') }),
    ).toBeVisible();
    await expect(nav.getByRole('link', { name: msg('en', 'dashboard', 'modules.users.title') })).toHaveCount(
      0,
    );

    await page.goto('/dashboard/users/new');
    await expect(page.getByTestId('not-allowed')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      msg('en', 'dashboard', 'notAllowed.title'),
    );
    await expect(page.getByText('Your role, Clerk, does not include this page.')).toBeVisible();
    await page.getByRole('link', { name: msg('en', 'dashboard', 'notAllowed.home') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('City of Esperanza, TX');

    expect((await page.request.get('/api/v1/staff')).status()).toBe(403);
  });
});

test('signed out, the users page asks for sign-in', async ({ page }) => {
  await page.goto('/dashboard/users');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'dashboard', 'signIn.title'));
  expect((await page.request.get('/api/v1/staff')).status()).toBe(401);
});
