// The web client as two people use it, each in their own browser: they register through the page,
// one creates a guild and an invite, the other follows the invite link, and they talk — messages,
// a reaction and an image reach the other side live, without a reload. Then two friends meet in a
// DM, and a dropped gateway connection resumes without losing what was said meanwhile.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, registerUser, startAccord } from '../../node/support/accord.js';
import { gradientPng } from '../../node/support/images.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.mjs';

// Anything live (gateway events, uploads) should show within this long.
const LIVE = { timeout: 5_000 };

let server;
let browser;
let operator;

before(async () => {
  server = await startAccord();
  operator = await registerUser(server, 'operator'); // the first account runs the instance
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

let counter = 0;
const uniqueName = (name) => `${name}${process.pid}${++counter}`.toLowerCase();

// Registers on the page's own instance through the form; on an invite link the form opens in
// register mode already.
async function registerThroughUi(page, username, displayName, { fromInvite = false } = {}) {
  if (!fromInvite) await page.getByRole('button', { name: 'Need an account? Register' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name (optional)').fill(displayName);
  await page.getByLabel('Password').fill(`pw-${username}-secret`);
  await page.getByLabel(/I agree/).check();
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { name: 'Friends', exact: true }).waitFor(LIVE);
}

const messageLog = (page, channel) => page.getByRole('log', { name: `Messages in ${channel}` });

async function send(page, text) {
  const box = page.getByRole('textbox', { name: /^Message / });
  await box.fill(text);
  await box.press('Enter');
}

// The user id the client stored for its only instance.
const storedUserId = (page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('accord.instances'))[0].userId);

test('two people meet through an invite and talk, react and share an image live', async () => {
  const annName = uniqueName('ann');
  const bobName = uniqueName('bob');

  const ann = await openPage(browser, server.url);
  await ann.getByRole('heading', { name: 'Welcome back' }).waitFor();
  await screenshot(ann, 'login');
  await registerThroughUi(ann, annName, 'Ann');

  // Ann creates a guild; it opens on its text channel.
  await ann.getByRole('button', { name: /^Create a guild/ }).click();
  await ann.getByLabel('Guild name').fill('Book Club');
  await ann.getByRole('button', { name: 'Create', exact: true }).click();
  await ann.getByRole('heading', { name: '# general' }).waitFor(LIVE);
  await ann.getByRole('button', { name: 'Book Club', exact: true }).waitFor();

  // She makes an invite for #general and reads its link.
  await ann.getByRole('button', { name: 'Create invite' }).click();
  const linkField = ann.getByLabel('Invite link');
  await ann.waitForFunction(() => document.querySelector('#invite-link')?.value?.includes('/invite/'), null, LIVE);
  const link = await linkField.inputValue();
  assert.match(link, new RegExp(`^${server.url}/invite/[\\w-]+$`));
  await ann.getByRole('button', { name: 'Done' }).click();

  // Bob follows the link, registers, and joins from the dialog the link opened.
  const bob = await openPage(browser, link);
  await bob.getByRole('heading', { name: 'Create an account' }).waitFor();
  await registerThroughUi(bob, bobName, 'Bob', { fromInvite: true });
  const joinDialog = bob.getByRole('dialog', { name: 'Join a guild' });
  await joinDialog.getByText('You are invited to Book Club').waitFor(LIVE);
  await joinDialog.getByRole('button', { name: 'Join guild' }).click();
  await bob.getByRole('heading', { name: '# general' }).waitFor(LIVE);

  // Both see each other in the member list.
  await ann.getByRole('complementary', { name: 'Members' }).getByText('Bob', { exact: true }).waitFor(LIVE);
  await bob.getByRole('complementary', { name: 'Members' }).getByText('Ann', { exact: true }).waitFor(LIVE);

  // Messages go both ways live, with markdown.
  await send(ann, 'Welcome **Bob**, have you read ||the ending||?');
  const welcome = messageLog(bob, '#general').getByRole('listitem').filter({ hasText: 'have you read' });
  await welcome.waitFor(LIVE);
  assert.equal(await welcome.locator('strong').textContent(), 'Bob');
  const spoiler = welcome.getByRole('button', { name: 'Spoiler, activate to reveal' });
  await spoiler.click();
  await welcome.locator('.spoiler.revealed', { hasText: 'the ending' }).waitFor();

  // Bob sees Ann typing before her next message arrives.
  await ann.getByRole('textbox', { name: 'Message #general' }).pressSequentially('Tea');
  await bob.getByText(/is typing/).waitFor(LIVE);
  await ann.getByRole('textbox', { name: 'Message #general' }).press('Enter');
  await messageLog(bob, '#general').getByText('Tea', { exact: true }).waitFor(LIVE);

  await send(bob, 'Not yet, no spoilers please!');
  await messageLog(ann, '#general').getByText('Not yet, no spoilers please!').waitFor(LIVE);

  // Bob reacts to the welcome; Ann sees the count.
  await welcome.hover();
  await welcome.getByRole('button', { name: 'Add reaction' }).click();
  await bob.getByRole('button', { name: 'React with 👍' }).click();
  await welcome.getByRole('button', { name: /👍 1 reaction, including yours/ }).waitFor(LIVE);
  const annWelcome = messageLog(ann, '#general').getByRole('listitem').filter({ hasText: 'have you read' });
  await annWelcome.getByRole('button', { name: /^👍 1 reaction$/ }).waitFor(LIVE);

  // Ann shares a picture; Bob sees its preview, loaded.
  await ann.locator('.composer input[type=file]').setInputFiles({
    name: 'cover.png',
    mimeType: 'image/png',
    buffer: gradientPng(48, 32, [30, 120, 220]),
  });
  await ann.getByRole('list', { name: 'Files to send' }).getByText('cover.png').waitFor();
  await send(ann, 'The cover');
  const preview = messageLog(bob, '#general').getByRole('img', { name: 'cover.png' });
  await preview.waitFor(LIVE);
  await bob.waitForFunction(
    () => [...document.querySelectorAll('img[alt="cover.png"]')].some((img) => img.complete && img.naturalWidth === 48),
    null,
    LIVE,
  );
  await screenshot(bob, 'chat');

  // Ann edits her message and Bob sees the edit.
  const tea = messageLog(ann, '#general')
    .getByRole('listitem')
    .filter({ has: ann.locator('.message-content', { hasText: /^Tea$/ }) });
  await tea.hover();
  await tea.getByRole('button', { name: 'Edit message' }).click();
  await ann.getByRole('textbox', { name: 'Edit message' }).fill('Tea at five?');
  await ann.getByRole('textbox', { name: 'Edit message' }).press('Enter');
  await messageLog(bob, '#general').getByText('Tea at five?').waitFor(LIVE);

  // Screens people look at: settings and friends.
  await ann.getByRole('button', { name: 'User settings' }).click();
  await ann.getByRole('dialog', { name: 'User settings' }).getByLabel('Display name').waitFor();
  await screenshot(ann, 'settings');
  await ann.getByRole('dialog', { name: 'User settings' }).getByRole('button', { name: 'Close' }).click();
  await ann.getByRole('button', { name: /^Friends and direct messages/ }).click();
  await ann.getByLabel('Add a friend by username').waitFor();
  await screenshot(ann, 'friends');

  await ann.context().close();
  await bob.context().close();
});

test('friends talk in a DM, see unread marks, and keep talking across a gateway resume', async () => {
  const carolName = uniqueName('carol');
  const daveName = uniqueName('dave');
  const carol = await openPage(browser, server.url);
  await registerThroughUi(carol, carolName, 'Carol');
  const dave = await openPage(browser, server.url, { width: 390, height: 844 });
  await registerThroughUi(dave, daveName, 'Dave');

  // Carol asks Dave to be friends; Dave accepts from his pending list.
  await carol.getByRole('button', { name: /^Friends and direct messages/ }).click();
  await carol.getByLabel('Add a friend by username').fill(daveName);
  await carol.getByRole('button', { name: 'Send friend request' }).click();
  await carol.getByText(`Friend request sent to ${daveName}.`).waitFor(LIVE);
  await dave.getByRole('tab', { name: /^Pending \(1\)/ }).click();
  await dave.getByRole('button', { name: /^Accept / }).click();
  await dave.getByRole('tab', { name: /^All \(1\)/ }).waitFor(LIVE);

  // Carol opens a DM and writes; Dave (on a phone-sized screen) sees it marked unread.
  await carol.getByRole('tab', { name: /^All/ }).click();
  await carol.getByRole('button', { name: /^Message / }).click();
  await carol.getByRole('textbox', { name: /^Message @/ }).waitFor(LIVE);
  await send(carol, 'Lunch on Friday?');
  await dave.getByRole('button', { name: 'Open navigation' }).click();
  const dmButton = dave.getByRole('complementary', { name: 'Direct messages' }).getByRole('button', { name: 'Carol (unread)' });
  await dmButton.waitFor(LIVE);
  await screenshot(dave, 'phone-navigation');
  await dmButton.click();
  await messageLog(dave, '@Carol').getByText('Lunch on Friday?').waitFor(LIVE);
  await screenshot(dave, 'phone-dm');

  // The server drops Dave's gateway connection (op 7); his client resumes the same session.
  const resumed = new Promise((resolve) => {
    dave.on('websocket', (socket) => {
      socket.on('framesent', (frame) => {
        if (typeof frame.payload === 'string' && JSON.parse(frame.payload).op === 6) resolve(true);
      });
    });
  });
  const reconnect = await call(server, 'POST', '/admin/gateway/reconnect', {
    token: operator.token,
    body: { user_id: await storedUserId(dave) },
  });
  assert.equal(reconnect.status, 204, JSON.stringify(reconnect.body));
  await Promise.race([
    resumed,
    new Promise((_, reject) => setTimeout(() => reject(new Error('no RESUME within 5 s')), 5_000)),
  ]);
  await send(carol, 'I booked a table.');
  await dave.getByText('I booked a table.').waitFor(LIVE);
  await send(dave, 'Great, see you there');
  await carol.getByText('Great, see you there').waitFor(LIVE);

  await carol.context().close();
  await dave.context().close();
});
