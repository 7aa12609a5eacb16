// Settings in the web client: logging in with a TOTP second factor, a person's avatar, display
// name and theme (light, dark, their own CSS file), and a guild owner's settings — renaming the
// guild, roles, channels, invites and bans — which a plain member does not get to see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, expectOk, registerUser } from '../../node/support/accord.js';
import { gradientPng } from '../../node/support/images.js';
import { newTotpSecret, totp } from '../../node/support/totp.js';
import { openPage, screenshot } from '../support/browser.mjs';
import { clientStory, LIVE } from '../support/client_story.mjs';

const story = clientStory();

test('logging in asks for the authenticator code when two-factor is on', async () => {
  const user = await registerUser(story.server, 'guarded');
  const secret = newTotpSecret();
  expectOk(await call(story.server, 'POST', '/users/@me/mfa/totp/enable', {
    token: user.token, body: { secret, code: totp(secret), password: user.password },
  }), 200);

  const page = await openPage(story.browser, story.server.url);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').getByText(/invalid/i).waitFor(LIVE);

  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor(LIVE);
  await page.getByLabel('Authentication code').fill('000000' === totp(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').waitFor(LIVE);
  await page.getByLabel('Authentication code').fill(totp(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Friends', exact: true }).waitFor(LIVE);
  await page.context().close();
});

test('a person sets an avatar, a display name and a theme of their own', async () => {
  const user = await registerUser(story.server, 'painter');
  const page = await story.openAs(user);
  await page.getByRole('button', { name: 'User settings' }).click();
  const settings = page.getByRole('dialog', { name: 'User settings' });

  await settings.getByLabel('Avatar image').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: gradientPng(64, 64) });
  await settings.getByText('Avatar updated.').waitFor(LIVE);
  await page.locator('.user-panel .avatar img[src*="/avatars/"]').waitFor(LIVE);

  await settings.getByLabel('Display name').fill('Pat the Painter');
  await settings.getByRole('button', { name: 'Save display name' }).click();
  await page.locator('.user-panel-name', { hasText: 'Pat the Painter' }).waitFor(LIVE);

  await settings.getByRole('tab', { name: 'Appearance' }).click();
  await settings.getByRole('radio', { name: 'Light' }).check();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await settings.getByLabel(/Custom theme/).setInputFiles({
    name: 'sunset.css',
    mimeType: 'text/css',
    buffer: Buffer.from(':root { --bg: rgb(250, 240, 230); --accent: rgb(200, 80, 40); }'),
  });
  await settings.getByText('Theme sunset.css applied.').waitFor(LIVE);
  await screenshot(page, 'settings-appearance');
  await settings.getByRole('button', { name: 'Close' }).click();
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(250, 240, 230)');

  // Both survive a reload.
  await page.reload();
  await page.getByRole('heading', { name: 'Friends', exact: true }).waitFor(LIVE);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(250, 240, 230)');
  await screenshot(page, 'friends-light-theme');
  await page.context().close();
});

test('a guild owner manages the guild; a plain member sees no settings', async () => {
  const owner = await registerUser(story.server, 'owner');
  const member = await registerUser(story.server, 'member');
  const guild = expectOk(await call(story.server, 'POST', '/guilds', { token: owner.token, body: { name: 'Garden Club' } }), 201);
  const general = guild.channels.find((channel) => channel.type === 0);
  const invite = expectOk(await call(story.server, 'POST', `/channels/${general.id}/invites`, { token: owner.token, body: {} }), 200);
  expectOk(await call(story.server, 'POST', `/invites/${invite.code}`, { token: member.token, body: {} }), 200);
  const troll = await registerUser(story.server, 'troll');
  expectOk(await call(story.server, 'POST', `/invites/${invite.code}`, { token: troll.token, body: {} }), 200);
  expectOk(await call(story.server, 'PUT', `/guilds/${guild.id}/bans/${troll.id}`, {
    token: owner.token, body: {}, headers: { 'x-audit-log-reason': 'spam' },
  }), 204);

  const memberPage = await story.openAs(member);
  await memberPage.getByRole('button', { name: /^Garden Club/ }).click();
  await memberPage.getByRole('heading', { name: '# general' }).waitFor(LIVE);
  assert.equal(await memberPage.getByRole('button', { name: 'Guild settings' }).count(), 0);

  const page = await story.openAs(owner);
  await page.getByRole('button', { name: /^Garden Club/ }).click();
  await page.getByRole('button', { name: 'Guild settings' }).click();
  let dialog = page.getByRole('dialog', { name: 'Garden Club settings' });

  // Overview: a new name reaches the member live.
  await dialog.getByLabel('Guild name').fill('Rose Garden');
  await dialog.getByRole('button', { name: 'Save name' }).click();
  await memberPage.getByRole('button', { name: /^Rose Garden/ }).waitFor(LIVE);
  dialog = page.getByRole('dialog', { name: 'Rose Garden settings' });

  // Roles: create one, name and colour it.
  await dialog.getByRole('tab', { name: 'Roles' }).click();
  await dialog.getByRole('button', { name: 'Create role' }).click();
  await dialog.getByText('Role created.').waitFor(LIVE);
  const newRole = dialog.getByRole('listitem').filter({ has: page.getByLabel('Colour of new role') });
  await newRole.getByRole('textbox', { name: 'Role name' }).fill('Gardeners');
  await newRole.getByLabel('Colour of new role').fill('#22aa55');
  await newRole.getByRole('button', { name: 'Save' }).click();
  await dialog.getByLabel('Colour of Gardeners').waitFor(LIVE);
  assert.equal(await dialog.getByLabel('Colour of Gardeners').inputValue(), '#22aa55');
  await screenshot(page, 'guild-settings-roles');

  // Channels: create, rename, delete — the member's sidebar follows.
  await dialog.getByRole('tab', { name: 'Channels' }).click();
  await dialog.getByLabel('New channel name').fill('seeds');
  await dialog.getByRole('button', { name: 'Create channel' }).click();
  await memberPage.getByRole('button', { name: 'seeds', exact: true }).waitFor(LIVE);
  await dialog.getByLabel('Name of seeds').fill('seed-swap');
  await dialog.locator('li', { has: page.getByLabel('Name of seeds') }).getByRole('button', { name: 'Rename' }).click();
  await memberPage.getByRole('button', { name: 'seed-swap', exact: true }).waitFor(LIVE);
  page.on('dialog', (confirm) => confirm.accept());
  await dialog.getByRole('button', { name: 'Delete channel seed-swap' }).click();
  await memberPage.getByRole('button', { name: 'seed-swap', exact: true }).waitFor({ state: 'detached', ...LIVE });

  // Invites: listed with their link, and deleted.
  await dialog.getByRole('tab', { name: 'Invites' }).click();
  await dialog.getByText(`${story.server.url}/invite/${invite.code}`).waitFor(LIVE);
  await dialog.getByRole('button', { name: `Delete invite ${invite.code}` }).click();
  await dialog.getByText('No invites.').waitFor(LIVE);
  expectOk(await call(story.server, 'GET', `/invites/${invite.code}`), 404);

  // Bans: the troll is listed with the reason, then forgiven.
  await dialog.getByRole('tab', { name: 'Bans' }).click();
  await dialog.getByText('spam').waitFor(LIVE);
  await dialog.getByRole('button', { name: `Unban ${troll.username}` }).click();
  await dialog.getByText('Nobody is banned.').waitFor(LIVE);

  // The member leaves; their pane goes back home and the owner's member list shrinks.
  memberPage.on('dialog', (confirm) => confirm.accept());
  await memberPage.getByRole('button', { name: 'Leave Rose Garden' }).click();
  await memberPage.getByRole('heading', { name: 'Friends', exact: true }).waitFor(LIVE);
  assert.equal(await memberPage.getByRole('button', { name: /^Rose Garden/ }).count(), 0);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('heading', { name: 'Members — 1' }).waitFor(LIVE);

  await page.context().close();
  await memberPage.context().close();
});
