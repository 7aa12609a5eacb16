// The operator runs the instance from /admin in a browser: signs in, watches the statistics, lowers
// a limit in the configuration editor and sees the server obey it, finds and acts on people, guilds and
// reports. Someone who is not an operator is told so and sees nothing else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, registerUser, startAccord } from '../../node/support/accord.js';
import { connect, gatewayUrl } from '../../node/support/gateway_client.js';
import { newTotpSecret, totp } from '../../node/support/totp.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.mjs';

let server;
let browser;
let operator;
let chatter;
let general;

async function createGuild(owner, name) {
  const created = await call(server, 'POST', '/guilds', { token: owner.token, body: { name } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { guild: created.body, general: created.body.channels.find((channel) => channel.type === 0) };
}

const say = (user, content) =>
  call(server, 'POST', `/channels/${general.id}/messages`, { token: user.token, body: { content } });

async function signIn(page, user) {
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function openSection(page, name) {
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
}

before(async () => {
  server = await startAccord();
  operator = await registerUser(server, 'operator'); // the first account on an instance runs it
  chatter = await registerUser(server, 'chatter');
  ({ general } = await createGuild(chatter, 'Chatter Hall'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the operator at /admin', () => {
  let page;
  before(async () => {
    page = await openPage(browser, `${server.url}/admin`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'admin-sign-in');
    await signIn(page, operator);
    await page.getByRole('heading', { level: 2, name: 'Statistics' }).waitFor();
  });

  test('sees the instance totals and charts that fill as the panel polls', async (t) => {
    const gateway = await connect(gatewayUrl(server));
    t.after(() => gateway.terminate());
    await gateway.next((payload) => payload.op === 10);
    gateway.send(2, { token: chatter.token, properties: { os: 'linux', browser: 'accord-e2e', device: 'accord-e2e' } });
    await gateway.dispatch('READY');
    assert.equal((await say(chatter, 'hello, counted')).status, 200);
    await gateway.dispatch('MESSAGE_CREATE');
    const total = (label) => page.locator('.total').filter({ has: page.getByText(label, { exact: true }) }).locator('dd');
    await total('Guilds').waitFor();
    // The panel polls every few seconds: wait for a poll that has seen the message, then for the charts
    // to hold two samples, enough for a line.
    await page.waitForFunction(() => {
      const values = Object.fromEntries(
        [...document.querySelectorAll('.total')].map((item) => [item.querySelector('dt').textContent, item.querySelector('dd').textContent]),
      );
      return values.Messages === '1' && values.People === '2' && values['Sessions online'] === '1';
    });
    assert.equal(await total('Guilds').textContent(), '1');
    const chart = page.getByRole('img', { name: /^Sessions online: now 1/ });
    await chart.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('svg[aria-label^="Messages in total"]')?.dataset.points) >= 2);
    assert.ok(await page.locator('svg[aria-label^="Events per second"] polyline').count() === 1, 'the events chart has a line');
    await screenshot(page, 'admin-stats');
  });

  test('lowers the longest message in the configuration editor, and the server obeys at once', async () => {
    await openSection(page, 'Configuration');
    const maxLength = page.getByLabel('limits.max_message_length');
    assert.equal(await maxLength.inputValue(), '2000');
    assert.equal(await page.getByLabel('http.listen').getAttribute('readonly'), '', 'a startup-only setting is read-only');

    // A value that is not a whole number is caught before anything is sent.
    await maxLength.fill('');
    await page.getByText('Enter a whole number.').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Some settings are not valid' }).waitFor();
    assert.equal((await call(server, 'GET', '/admin/config', { token: operator.token })).body['limits.max_message_length'], 2000);

    await maxLength.fill('50');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved 1 setting' }).waitFor();
    await screenshot(page, 'admin-config');

    const tooLong = await say(chatter, 'x'.repeat(60));
    assert.equal(tooLong.status, 400, JSON.stringify(tooLong.body));
    assert.equal(tooLong.body.code, 50035);
    const fits = await say(chatter, 'y'.repeat(40));
    assert.equal(fits.status, 200, JSON.stringify(fits.body));
  });

  test('shows a refusal from the server beside the setting it names', async () => {
    // Every well-typed value of a runtime setting is accepted today, so the server's 50035 answer is
    // played back here, in its exact shape, to prove the panel puts each error by its field.
    await page.route('**/api/v10/admin/config', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              code: 50035,
              message: 'Invalid Form Body',
              errors: { 'limits.max_pins_per_channel': { _errors: [{ code: 'BASE_TYPE_INVALID', message: 'Value is too big.' }] } },
            }),
          })
        : route.continue(),
    );
    try {
      const pins = page.getByLabel('limits.max_pins_per_channel');
      await pins.fill('999999');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('alert').filter({ hasText: 'The server refused the change' }).waitFor();
      await page.getByText('Value is too big.').waitFor();
      assert.equal(await pins.getAttribute('aria-invalid'), 'true');
      assert.match(await pins.getAttribute('aria-describedby'), /error/);
      await screenshot(page, 'admin-config-refused');
    } finally {
      await page.unroute('**/api/v10/admin/config');
    }
    await page.getByRole('button', { name: 'Discard changes' }).click();
    assert.equal(await page.getByLabel('limits.max_pins_per_channel').inputValue(), '50');
  });

  test('finds a person by name in the users table, then disables and deletes accounts', async () => {
    const heron = await registerUser(server, 'heron');
    const egret = await registerUser(server, 'egret');
    await openSection(page, 'Users');
    await page.getByLabel('Search users').fill(heron.username);
    const rows = page.getByRole('region', { name: 'Users table' }).getByRole('row');
    await rows.filter({ hasText: heron.username }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await screenshot(page, 'admin-users');

    await page.getByRole('button', { name: `Disable ${heron.username}` }).click();
    await page.getByRole('status').filter({ hasText: `${heron.username} is disabled` }).waitFor();
    assert.equal((await call(server, 'GET', '/users/@me', { token: heron.token })).status, 401, 'the disabled account is signed out');

    await page.getByLabel('Search users').fill(egret.username);
    await page.getByRole('button', { name: `Set rights of ${egret.username}` }).click();
    const rightsDialog = page.getByRole('dialog', { name: `Rights of ${egret.username}` });
    await rightsDialog.getByLabel('Manage users').check();
    await rightsDialog.getByRole('button', { name: 'Save rights' }).click();
    await page.getByRole('status').filter({ hasText: `${egret.username} now has: Manage users` }).waitFor();
    const listed = await call(server, 'GET', `/admin/users?query=${egret.username}`, { token: operator.token });
    assert.equal(listed.body[0].rights, 2, 'egret holds Manage users');

    await page.getByRole('button', { name: `Delete ${egret.username}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${egret.username}?` });
    await dialog.waitFor();
    await screenshot(page, 'admin-users-delete');
    await dialog.getByRole('button', { name: 'Delete account' }).click();
    await page.getByRole('status').filter({ hasText: `${egret.username} was deleted` }).waitFor();
    assert.equal((await call(server, 'GET', '/users/@me', { token: egret.token })).status, 401, 'the deleted account is gone');
  });

  test('finds a guild by name and deletes it after confirming', async () => {
    const owner = await registerUser(server, 'clubowner');
    const { guild } = await createGuild(owner, 'Kestrel Club');
    await openSection(page, 'Guilds');
    await page.getByLabel('Search guilds').fill('Kestrel');
    await page.getByText('Guilds matching “Kestrel”').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Kestrel Club' });
    await row.waitFor();
    await screenshot(page, 'admin-guilds');

    await page.getByRole('button', { name: 'Delete Kestrel Club' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete guild' }).click();
    await page.getByRole('status').filter({ hasText: 'Kestrel Club was deleted' }).waitFor();
    await row.waitFor({ state: 'detached' });
    assert.equal((await call(server, 'GET', `/guilds/${guild.id}`, { token: owner.token })).status, 404);
  });

  test('resolves a report someone made', async () => {
    const message = await say(chatter, 'rude words');
    const reported = await call(server, 'POST', '/reports', {
      token: chatter.token,
      body: { channel_id: general.id, message_id: message.body.id, reason: 'Rude words in Chatter Hall' },
    });
    assert.equal(reported.status, 201, JSON.stringify(reported.body));

    await openSection(page, 'Reports');
    const row = page.getByRole('row').filter({ hasText: 'Rude words in Chatter Hall' });
    await row.waitFor();
    await screenshot(page, 'admin-reports');
    await row.getByRole('button', { name: /Mark report .* resolved/ }).click();
    await page.getByRole('status').filter({ hasText: 'is resolved' }).waitFor();
    const resolved = await call(server, 'GET', '/admin/reports?resolved=true', { token: operator.token });
    assert.deepEqual(resolved.body.map((report) => report.id), [reported.body.id]);
  });

  test('is usable at phone width', async () => {
    const phone = await openPage(browser, `${server.url}/admin/config`, { width: 390, height: 844 });
    await signIn(phone, operator);
    await phone.getByRole('heading', { level: 2, name: 'Configuration' }).waitFor();
    assert.equal(await phone.getByLabel('limits.max_message_length').inputValue(), '50');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await screenshot(phone, 'admin-config-phone');
    await phone.context().close();
  });
});

test('an operator with two-factor authentication signs in with the code from their app', async () => {
  const deputy = await registerUser(server, 'deputy');
  const made = await call(server, 'PATCH', `/admin/users/${deputy.id}`, { token: operator.token, body: { rights: 1 } });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const secret = newTotpSecret();
  const enabled = await call(server, 'POST', '/users/@me/mfa/totp/enable', {
    token: deputy.token, body: { secret, code: totp(secret), password: deputy.password },
  });
  assert.equal(enabled.status, 200, JSON.stringify(enabled.body));

  const page = await openPage(browser, `${server.url}/admin`);
  await signIn(page, deputy);
  await page.getByLabel('Authentication code').fill(totp(secret));
  await screenshot(page, 'admin-sign-in-code');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { level: 2, name: 'Statistics' }).waitFor();
  await page.context().close();
});

test('a user manager gets the users and reports only', async () => {
  const moderator = await registerUser(server, 'moderator');
  const granted = await call(server, 'PATCH', `/admin/users/${moderator.id}`, { token: operator.token, body: { rights: 2 } });
  assert.equal(granted.status, 200, JSON.stringify(granted.body));
  const page = await openPage(browser, `${server.url}/admin/config`);
  await signIn(page, moderator);
  await page.getByRole('heading', { level: 2, name: 'Users' }).waitFor();
  const sections = await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link').allTextContents();
  assert.deepEqual(sections, ['Users', 'Reports']);
  assert.equal(await page.getByRole('button', { name: /^Set rights of/ }).count(), 0, 'only the operator hands out rights');
  await page.context().close();
});

test('someone who is not an operator is told so at /admin', async () => {
  const plain = await registerUser(server, 'plain');
  const page = await openPage(browser, `${server.url}/admin`);
  await signIn(page, plain);
  await page.getByRole('heading', { name: 'Not an operator' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Admin sections' }).count(), 0, 'no admin sections are offered');
  await screenshot(page, 'admin-not-operator');
  await page.context().close();
});
