// Reading and writing in the web client: markdown renders as formatting and never as HTML, a long
// history loads as one scrolls back to its start, replies show what they answer, deletions reach
// the other reader, and a channel with news is marked unread until it is opened (and stays read
// after a reload, because the client acknowledged it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, expectOk, registerUser } from '../../node/support/accord.js';
import { screenshot } from '../support/browser.mjs';
import { clientStory, LIVE } from '../support/client_story.mjs';

const story = clientStory();

const post = async (user, channelId, content) =>
  expectOk(await call(story.server, 'POST', `/channels/${channelId}/messages`, { token: user.token, body: { content } }), 200);

const messageLog = (page, channel) => page.getByRole('log', { name: `Messages in ${channel}` });

test('markdown, a long history, replies, deletions and unread channels', async () => {
  const ann = await registerUser(story.server, 'ann');
  const bob = await registerUser(story.server, 'bob');
  expectOk(await call(story.server, 'PATCH', '/users/@me', { token: bob.token, body: { global_name: 'Bob' } }), 200);
  const guild = expectOk(await call(story.server, 'POST', '/guilds', { token: ann.token, body: { name: 'Library' } }), 201);
  const general = guild.channels.find((channel) => channel.type === 0);
  const invite = expectOk(await call(story.server, 'POST', `/channels/${general.id}/invites`, { token: ann.token, body: {} }), 200);
  expectOk(await call(story.server, 'POST', `/invites/${invite.code}`, { token: bob.token, body: {} }), 200);
  const role = expectOk(await call(story.server, 'POST', `/guilds/${guild.id}/roles`, {
    token: ann.token, body: { name: 'Readers', color: 0x2e8b57, hoist: true },
  }), 200);
  expectOk(await call(story.server, 'PUT', `/guilds/${guild.id}/members/${bob.id}/roles/${role.id}`, { token: ann.token }), 204);

  for (let i = 1; i <= 120; ++i) await post(bob, general.id, `history line ${i}`);
  const formatted = await post(ann, general.id, [
    '**bold** *slanted* __under__ ~~gone~~ `inline code` <b>not html</b> <img src=x onerror="window.pwned=1">',
    `<@${bob.id}> see <#${general.id}> and <@&${role.id}>, [the site](https://example.org) ||hidden|| <:party:123456789012345678>`,
    '```js',
    'let pages = 1;',
    '```',
    '> a quoted line',
  ].join('\n'));

  const annPage = await story.openAs(ann);
  await annPage.getByRole('button', { name: /^Library( \(unread\))?$/ }).click();
  const log = messageLog(annPage, '#general');
  const item = log.getByRole('listitem').filter({ hasText: 'not html' });
  await item.waitFor(LIVE);
  assert.equal(await item.locator('strong').first().textContent(), 'bold');
  assert.equal(await item.locator('em').first().textContent(), 'slanted');
  assert.equal(await item.locator('u').textContent(), 'under');
  assert.equal(await item.locator('s').textContent(), 'gone');
  assert.equal(await item.locator('code.inline-code').textContent(), 'inline code');
  assert.equal(await item.locator('pre code').textContent(), 'let pages = 1;');
  assert.equal(await item.locator('blockquote').textContent(), 'a quoted line');
  await item.getByText('<b>not html</b>').waitFor();
  assert.equal(await item.locator('.message-content b, .message-content img[src="x"]').count(), 0, 'no HTML from the text');
  assert.equal(await annPage.evaluate(() => window.pwned), undefined);
  await item.getByText('@Bob').waitFor();
  await item.getByRole('button', { name: '#general' }).waitFor();
  assert.equal(await item.getByText('@Readers').evaluate((element) => getComputedStyle(element).color), 'rgb(46, 139, 87)');
  assert.equal(await item.getByRole('link', { name: 'the site' }).getAttribute('href'), 'https://example.org');
  const emoji = item.getByRole('img', { name: ':party:' });
  assert.match(await emoji.getAttribute('src'), /\/emojis\/123456789012345678\.png$/);
  await item.getByRole('button', { name: 'Spoiler, activate to reveal' }).press('Enter');
  await item.locator('.spoiler.revealed', { hasText: 'hidden' }).waitFor();


  // Scrolling back loads older pages until the channel's first message.
  await annPage.waitForFunction(
    () => {
      const scroller = document.querySelector('.message-scroller');
      scroller.scrollTop = 0;
      return document.body.innerText.includes('This is the start of the conversation.');
    },
    null,
    { timeout: 10_000, polling: 250 },
  );
  await log.getByText('history line 1', { exact: true }).waitFor();
  assert.equal(await log.getByText(/^history line \d+$/).count(), 120);

  // Bob opens the guild; Ann replies to his last line and then deletes a message of hers.
  const bobPage = await story.openAs(bob);
  await bobPage.getByRole('button', { name: /^Library( \(unread\))?$/ }).click();
  await messageLog(bobPage, '#general').getByText('a quoted line').waitFor(LIVE);

  // Now that Bob is online, Ann's member list shows him under his hoisted role, in its colour.
  const members = annPage.getByRole('complementary', { name: 'Members' });
  await members.getByRole('heading', { name: /^Readers — 1/ }).waitFor(LIVE);
  assert.equal(await members.getByText('Bob', { exact: true }).evaluate((element) => getComputedStyle(element).color), 'rgb(46, 139, 87)');
  await screenshot(annPage, 'chat-markdown');
  const last = log.getByRole('listitem').filter({ hasText: 'history line 120' });
  await last.scrollIntoViewIfNeeded();
  await last.hover();
  await last.getByRole('button', { name: 'Reply' }).click();
  await annPage.getByText('Replying to Bob').waitFor();
  const box = annPage.getByRole('textbox', { name: 'Message #general' });
  await box.fill('Thanks for all the lines');
  await box.press('Enter');
  const reply = messageLog(bobPage, '#general').getByRole('listitem').filter({ hasText: 'Thanks for all the lines' });
  await reply.locator('.reply-preview', { hasText: 'history line 120' }).waitFor(LIVE);

  annPage.on('dialog', (dialog) => dialog.accept());
  await item.hover();
  await item.getByRole('button', { name: 'Delete message' }).click();
  await messageLog(bobPage, '#general').getByText('a quoted line').waitFor({ state: 'detached', ...LIVE });

  // News in another channel marks it unread for Bob until he opens it; the read mark survives a reload.
  const books = expectOk(await call(story.server, 'POST', `/guilds/${guild.id}/channels`, {
    token: ann.token, body: { name: 'books', type: 0, parent_id: general.parent_id },
  }), 201);
  await bobPage.getByRole('button', { name: 'books', exact: true }).waitFor(LIVE);
  await post(ann, books.id, 'New shelf arrived');
  const acked = bobPage.waitForResponse((response) => response.url().includes(`/channels/${books.id}/messages/`) && response.url().endsWith('/ack'), LIVE);
  await bobPage.getByRole('button', { name: 'books (unread)' }).click();
  await messageLog(bobPage, '#books').getByText('New shelf arrived').waitFor(LIVE);
  await bobPage.getByRole('button', { name: 'general', exact: true }).click();
  await bobPage.getByRole('button', { name: 'books', exact: true }).waitFor();
  assert.ok((await acked).ok(), 'the server took the read mark');
  await bobPage.reload();
  await bobPage.getByRole('button', { name: 'general', exact: true }).waitFor(LIVE);
  await bobPage.getByRole('button', { name: 'books', exact: true }).waitFor(LIVE);
  assert.equal(await bobPage.getByRole('button', { name: 'books (unread)' }).count(), 0);

  await annPage.context().close();
  await bobPage.context().close();
});
