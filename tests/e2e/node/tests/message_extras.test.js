// Reading, announcing, finding and uploading: the smaller parts of messages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, registerUser, startAccord } from '../support/accord.js';
import { createGuild } from '../support/community.js';
import { connect, gatewayUrl } from '../support/gateway_client.js';
import { gradientPng } from '../support/images.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => { await server.stop(); });

async function identify(person) {
  const gateway = await connect(gatewayUrl(server));
  await gateway.next((p) => p.op === 10);
  gateway.send(2, { token: person.token, properties: { os: 'linux', browser: 'test' } });
  const ready = (await gateway.dispatch('READY')).d;
  return { gateway, ready };
}

const say = (person, channelId, body) =>
  call(server, 'POST', `/channels/${channelId}/messages`, { token: person.token, body });

test('a reader marks a channel read; their other session hears it and the next READY remembers', async () => {
  const reader = await registerUser(server, 'reader');
  const { general } = await createGuild(server, reader, 'Reading Room');
  const first = (await say(reader, general.id, { content: 'chapter one' })).body;
  const second = (await say(reader, general.id, { content: 'chapter two' })).body;

  const { gateway: phone } = await identify(reader);
  const ack = await call(server, 'POST', `/channels/${general.id}/messages/${second.id}/ack`, {
    token: reader.token, body: { token: null },
  });
  assert.equal(ack.status, 200);
  assert.deepEqual(ack.body, { token: null });
  const heard = (await phone.dispatch('MESSAGE_ACK')).d;
  assert.equal(heard.channel_id, general.id);
  assert.equal(heard.message_id, second.id);
  phone.close();

  const { gateway: laptop, ready } = await identify(reader);
  const entry = ready.read_state.entries.find((e) => e.id === general.id);
  assert.equal(entry.last_message_id, second.id);
  laptop.close();

  const stranger = await registerUser(server, 'stranger');
  const refused = await call(server, 'POST', `/channels/${general.id}/messages/${first.id}/ack`, { token: stranger.token });
  assert.equal(refused.status, 403);
  const unknown = await call(server, 'POST', `/channels/${general.id}/messages/12345/ack`, { token: reader.token });
  assert.equal(unknown.status, 404);
});

test('an announcement is crossposted once, and only in announcement channels', async () => {
  const editor = await registerUser(server, 'editor');
  const { guild, general } = await createGuild(server, editor, 'Newsroom');
  const news = (await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: editor.token, body: { name: 'news', type: 5 },
  })).body;
  const story = (await say(editor, news.id, { content: 'We launched!' })).body;

  const crossposted = await call(server, 'POST', `/channels/${news.id}/messages/${story.id}/crosspost`, { token: editor.token });
  assert.equal(crossposted.status, 200);
  assert.equal(crossposted.body.flags & 1, 1, 'CROSSPOSTED');
  const again = await call(server, 'POST', `/channels/${news.id}/messages/${story.id}/crosspost`, { token: editor.token });
  assert.equal(again.body.code, 40033);

  const chat = (await say(editor, general.id, { content: 'not news' })).body;
  const wrongPlace = await call(server, 'POST', `/channels/${general.id}/messages/${chat.id}/crosspost`, { token: editor.token });
  assert.equal(wrongPlace.status, 400);
  assert.equal(wrongPlace.body.code, 50068);
});

test('search by what messages have: files, images, embeds, links', async () => {
  const archivist = await registerUser(server, 'archivist');
  const { guild, general } = await createGuild(server, archivist, 'Archive');
  const form = new FormData();
  form.append('payload_json', JSON.stringify({ content: 'scan attached' }));
  form.append('files[0]', new Blob([gradientPng(8, 8)], { type: 'image/png' }), 'scan.png');
  const withImage = await (await fetch(`${server.api}/v10/channels/${general.id}/messages`, {
    method: 'POST', headers: { authorization: archivist.token }, body: form,
  })).json();
  const withEmbed = (await say(archivist, general.id, { embeds: [{ title: 'minutes' }] })).body;
  const withLink = (await say(archivist, general.id, { content: 'see https://example.org/notes' })).body;
  await say(archivist, general.id, { content: 'plain words' });

  const search = async (query) => {
    const response = await call(server, 'GET', `/guilds/${guild.id}/messages/search?${query}`, { token: archivist.token });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.messages.map((group) => group[0].id);
  };
  assert.deepEqual(await search('has=file'), [withImage.id]);
  assert.deepEqual(await search('has=image'), [withImage.id]);
  assert.deepEqual(await search('has=embed'), [withEmbed.id]);
  assert.deepEqual(await search('has=link'), [withLink.id]);
  assert.deepEqual(await search('has=video'), []);
  assert.deepEqual(await search('has=file&has=embed'), [], 'every kind asked must be there');
  const bad = await call(server, 'GET', `/guilds/${guild.id}/messages/search?has=everything`, { token: archivist.token });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 50035);
});

test('a file uploaded ahead to its URL becomes an attachment of the message that names it', async () => {
  const uploader = await registerUser(server, 'uploader');
  const { general } = await createGuild(server, uploader, 'Uploads');
  const bytes = gradientPng(20, 10);
  const slots = await call(server, 'POST', `/channels/${general.id}/attachments`, {
    token: uploader.token, body: { files: [{ id: '0', filename: 'chart.png', file_size: bytes.length }] },
  });
  assert.equal(slots.status, 200, JSON.stringify(slots.body));
  const [slot] = slots.body.attachments;
  assert.equal(slot.id, '0');

  const put = await fetch(slot.upload_url, { method: 'PUT', body: bytes });
  assert.equal(put.status, 200);
  const message = await say(uploader, general.id, {
    content: 'the chart',
    attachments: [{ id: '0', filename: 'chart.png', uploaded_filename: slot.upload_filename }],
  });
  assert.equal(message.status, 200, JSON.stringify(message.body));
  const [attachment] = message.body.attachments;
  assert.equal(attachment.filename, 'chart.png');
  assert.equal(attachment.content_type, 'image/png');
  assert.equal(attachment.width, 20);
  const served = Buffer.from(await (await fetch(attachment.url)).arrayBuffer());
  assert.ok(served.equals(bytes));

  // The upload is used up: naming it again finds nothing.
  const reused = await say(uploader, general.id, {
    attachments: [{ id: '0', filename: 'chart.png', uploaded_filename: slot.upload_filename }],
  });
  assert.equal(reused.status, 400);
  assert.equal(reused.body.errors.attachments['0'].uploaded_filename._errors[0].code, 'ATTACHMENT_NOT_FOUND');

  // Another channel cannot claim someone's upload by its name.
  const { general: elsewhere } = await createGuild(server, uploader, 'Elsewhere');
  const slot2 = (await call(server, 'POST', `/channels/${general.id}/attachments`, {
    token: uploader.token, body: { files: [{ filename: 'x.txt', file_size: 3 }] },
  })).body.attachments[0];
  await fetch(slot2.upload_url, { method: 'PUT', body: 'abc' });
  const stolen = await say(uploader, elsewhere.id, {
    attachments: [{ id: '0', filename: 'x.txt', uploaded_filename: slot2.upload_filename }],
  });
  assert.equal(stolen.status, 400);

  const forged = await fetch(`${server.url}/upload/${general.id}/not-a-token/x.txt`, { method: 'PUT', body: 'abc' });
  assert.equal(forged.status, 404);
});
