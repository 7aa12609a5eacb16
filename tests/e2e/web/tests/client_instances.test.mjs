// One person on two Accord instances in one web client: logged in to the instance serving the page,
// they add a second one by its address (registering there), create a guild on it, and watch both
// side by side in split view — each pane talking to its own instance's API and gateway.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, expectOk, registerUser, startAccord } from '../../node/support/accord.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.mjs';

const LIVE = { timeout: 5_000 };

let home;
let away;
let browser;

before(async () => {
  [home, away] = await Promise.all([startAccord(), startAccord()]);
  await registerUser(home, 'operator');
  await registerUser(away, 'operator');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all([home?.stop(), away?.stop()]);
});

const hostOf = (server) => new URL(server.url).host;

test('a person adds a second instance and follows both side by side', async () => {
  const ann = await registerUser(home, 'ann');
  const bob = await registerUser(home, 'bob');
  expectOk(await call(home, 'PATCH', '/users/@me', { token: bob.token, body: { global_name: 'Bob' } }), 200);
  const guild = expectOk(await call(home, 'POST', '/guilds', { token: ann.token, body: { name: 'Alpha' } }), 201);
  const general = guild.channels.find((channel) => channel.type === 0);
  const invite = expectOk(await call(home, 'POST', `/channels/${general.id}/invites`, { token: ann.token, body: {} }), 200);
  expectOk(await call(home, 'POST', `/invites/${invite.code}`, { token: bob.token, body: {} }), 200);

  const page = await openPage(browser, home.url);
  await page.getByRole('button', { name: 'Need an account? Register' }).waitFor();
  await page.getByLabel('Username').fill(ann.username);
  await page.getByLabel('Password').fill(ann.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  const rail = page.getByRole('navigation', { name: 'Instances and guilds' });
  await rail.getByRole('region', { name: `Instance ${hostOf(home)}` }).waitFor(LIVE);

  // Add the second instance, registering a new account there.
  await rail.getByRole('button', { name: 'Add server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a server' });
  await dialog.getByLabel('Server address').fill(away.url);
  await dialog.getByRole('button', { name: 'Need an account? Register' }).click();
  const awayName = `ann${process.pid}away`;
  await dialog.getByLabel('Username').fill(awayName);
  await dialog.getByLabel('Password').fill('pw-away-secret');
  await dialog.getByLabel(/I agree/).check();
  await dialog.getByRole('button', { name: 'Register' }).click();
  const awaySection = rail.getByRole('region', { name: `Instance ${hostOf(away)}` });
  await awaySection.waitFor(LIVE);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('accord.instances')));
  assert.deepEqual(stored.map((entry) => entry.baseUrl).sort(), [home.url, away.url].sort(), 'a token per instance');

  // A guild on the second instance.
  await awaySection.getByRole('button', { name: /^Create a guild/ }).click();
  await page.getByLabel('Guild name').fill('Beta');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const first = page.getByRole('region', { name: /^Pane 1:/ });
  await first.getByRole('heading', { name: '# general' }).waitFor(LIVE);
  assert.match(await first.getAttribute('aria-label'), new RegExp(`${hostOf(away)}, Beta$`));

  // Split view: the second pane starts on the other instance, where Ann opens Alpha.
  await rail.getByRole('button', { name: 'Split view' }).click();
  const second = page.getByRole('region', { name: /^Pane 2:/ });
  await second.waitFor(LIVE);
  await rail.getByRole('region', { name: `Instance ${hostOf(home)}` }).getByRole('button', { name: /^Alpha/ }).click();
  await second.getByRole('heading', { name: '# general' }).waitFor(LIVE);
  assert.match(await second.getAttribute('aria-label'), new RegExp(`${hostOf(home)}, Alpha$`));

  // Both panes are live at once: Bob writes on the home instance, Ann on the away one.
  expectOk(await call(home, 'POST', `/channels/${general.id}/messages`, { token: bob.token, body: { content: 'Hello from Alpha' } }), 200);
  await second.getByRole('log').getByText('Hello from Alpha').waitFor(LIVE);
  const box = first.getByRole('textbox', { name: 'Message #general' });
  await box.fill('Hello from Beta');
  await box.press('Enter');
  await first.getByRole('log').getByText('Hello from Beta').waitFor(LIVE);
  assert.equal(await second.getByText('Hello from Beta').count(), 0, 'each pane shows its own instance');
  await screenshot(page, 'split-view');

  // Back to one pane.
  await rail.getByRole('button', { name: 'Split view' }).click();
  await second.waitFor({ state: 'detached', ...LIVE });
  await page.context().close();
});
