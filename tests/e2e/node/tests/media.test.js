// Files and pictures: a bot's attachments as a person downloads them, avatars the CDN resizes,
// emojis and stickers, the uploads the server turns away, and attachments nobody may peek at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { REST } from '@discordjs/rest';
import { AttachmentBuilder, Client, EmbedBuilder, Events, GatewayIntentBits, Routes } from 'discord.js';
import { call, expectError, registerUser, startAccord } from '../support/accord.js';
import { communityWithBot, createGuild, joinGuild, waitFor } from '../support/community.js';
import { connect, gatewayUrl } from '../support/gateway_client.js';
import { dataUri, gradientPng, noisyPng, pngSize, webpSize } from '../support/images.js';

// One attachment may be at most 1 MiB here, so the too-large upload stays small and quick.
const MAX_ATTACHMENT_BYTES = 1024 * 1024;

let server;
before(async () => {
  server = await startAccord({ env: { ACCORD_LIMITS_MAX_ATTACHMENT_BYTES: String(MAX_ATTACHMENT_BYTES) } });
});
after(async () => {
  assert.ok(server.alive(), 'the server survived every upload');
  await server.stop();
});

const VIEW_CHANNEL = 1n << 10n;
const MANAGE_MESSAGES = 1n << 13n;
const ATTACH_FILES = 1n << 15n;
const MANAGE_GUILD_EXPRESSIONS = 1n << 30n;

// The first error code a 50035 body gives for `field`.
function fieldError(response, field) {
  expectError(response, 400, 50035);
  return response.body.errors?.[field]?._errors?.[0]?.code;
}

// A message with files, as the official client posts it: payload_json and files[n] in one form.
async function sendFiles(token, channelId, payload, files) {
  const form = new FormData();
  form.append('payload_json', JSON.stringify(payload));
  files.forEach((file, n) => {
    form.append(`files[${n}]`, new Blob([file.data], { type: file.type ?? 'application/octet-stream' }), file.name);
  });
  const response = await fetch(`${server.api}/v10/channels/${channelId}/messages`, {
    method: 'POST', headers: { authorization: token }, body: form,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

// GET on the CDN, which lives outside /api on the same port.
async function download(url) {
  const response = await fetch(url.startsWith('http') ? url : `${server.url}${url}`);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

async function history(user, channelId) {
  const response = await call(server, 'GET', `/channels/${channelId}/messages?limit=100`, { token: user.token });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.map((m) => m.id);
}

function discordJs(intents) {
  return new Client({ intents, rest: { api: server.api, cdn: server.url }, waitGuildTimeout: 3_000 });
}

async function botOnline(botToken, intents) {
  const client = discordJs(intents);
  const ready = waitFor(client, Events.ClientReady);
  await client.login(botToken);
  await ready;
  return client;
}

// A person's own client, connected as the official client connects (no intents: everything).
async function personWatching(person) {
  const gateway = await connect(gatewayUrl(server));
  await gateway.next((p) => p.op === 10);
  gateway.send(2, { token: person.token, properties: { os: 'linux', browser: 'test' } });
  await gateway.dispatch('READY');
  return gateway;
}

// Someone who has just made their own guild.
async function ownGuild(name) {
  const owner = await registerUser(server, name);
  return { owner, ...(await createGuild(server, owner)) };
}

test('a bot answers with a PNG and an embed, then reacts, pins, edits the file away and deletes', async () => {
  const { owner, general, botToken } = await communityWithBot(server, { permissions: String(MANAGE_MESSAGES) });
  const client = await botOnline(botToken, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages,
    GatewayIntentBits.MessageContent, GatewayIntentBits.GuildMessageReactions]);
  const watcher = await personWatching(owner);
  try {
    const asked = waitFor(client, Events.MessageCreate, (m) => m.content === 'show me the chart');
    await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'show me the chart' } });
    const question = await asked;

    const chart = gradientPng(24, 12);
    const answer = await question.reply({
      content: 'Here it is',
      files: [new AttachmentBuilder(chart, { name: 'weekly chart.png', description: 'Sales by day' })],
      embeds: [new EmbedBuilder().setTitle('Weekly chart').setDescription('Up 12 %')],
    });
    const sent = answer.attachments.first();
    assert.equal(sent.name, 'weekly_chart.png', 'the space in the name became _');
    assert.equal(sent.size, chart.length);
    assert.equal(sent.contentType, 'image/png');
    assert.equal(sent.description, 'Sales by day');
    assert.deepEqual([sent.width, sent.height], [24, 12]);

    const created = await watcher.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === answer.id);
    assert.equal(created.d.content, 'Here it is');
    assert.equal(created.d.message_reference.message_id, question.id);
    assert.equal(created.d.embeds[0].title, 'Weekly chart');
    assert.equal(created.d.attachments.length, 1);
    const attachment = created.d.attachments[0];
    assert.equal(attachment.id, sent.id);
    assert.equal(attachment.filename, 'weekly_chart.png');
    assert.equal(attachment.size, chart.length);
    assert.equal(attachment.content_type, 'image/png');
    assert.equal(attachment.url, `${server.url}/attachments/${general.id}/${attachment.id}/weekly_chart.png`);
    assert.ok(attachment.proxy_url.startsWith(server.url));

    const file = await download(attachment.url);
    assert.equal(file.status, 200);
    assert.equal(file.contentType, 'image/png');
    assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
    assert.match(file.headers.get('cache-control'), /immutable/);
    assert.ok(file.bytes.equals(chart), 'the same bytes come back');
    assert.deepEqual(pngSize(file.bytes), { width: 24, height: 12 });

    await answer.react('📈');
    const reacted = await watcher.dispatch('MESSAGE_REACTION_ADD');
    assert.equal(reacted.d.message_id, answer.id);
    assert.equal(reacted.d.emoji.name, '📈');

    await answer.pin();
    const pinned = await watcher.dispatch('CHANNEL_PINS_UPDATE');
    assert.equal(pinned.d.channel_id, general.id);

    const edited = await answer.edit({ content: 'Chart withdrawn', attachments: [] });
    assert.equal(edited.attachments.size, 0);
    const update = await watcher.next((p) => p.t === 'MESSAGE_UPDATE' && p.d.id === answer.id);
    assert.equal(update.d.content, 'Chart withdrawn');
    assert.deepEqual(update.d.attachments, []);
    assert.equal(update.d.embeds[0].title, 'Weekly chart', 'the embed stays');
    const stored = await call(server, 'GET', `/channels/${general.id}/messages/${answer.id}`, { token: owner.token });
    assert.deepEqual(stored.body.attachments, []);
    assert.equal((await download(attachment.url)).status, 404, 'a file taken off its message is no longer served');

    await answer.delete();
    const deleted = await watcher.dispatch('MESSAGE_DELETE');
    assert.equal(deleted.d.id, answer.id);
  } finally {
    await client.destroy();
    await watcher.close(1000);
  }
});

test('a person adds a second file to a message while keeping the first', async () => {
  const { owner, general } = await ownGuild('scrapbooker');
  const first = await sendFiles(owner.token, general.id, { content: 'trip photos' }, [{ name: 'beach.png', data: gradientPng(8, 8) }]);
  const kept = first.body.attachments[0];
  const notes = Buffer.from('day 1: sand\n');
  const form = new FormData();
  form.append('payload_json', JSON.stringify({ attachments: [{ id: kept.id }, { id: 0, filename: 'notes.txt' }] }));
  form.append('files[0]', new Blob([notes]), 'upload.bin');
  const response = await fetch(`${server.api}/v10/channels/${general.id}/messages/${first.body.id}`, {
    method: 'PATCH', headers: { authorization: owner.token }, body: form,
  });
  const edited = await response.json();
  assert.equal(response.status, 200, JSON.stringify(edited));
  assert.deepEqual(edited.attachments.map((a) => a.content_type), ['image/png', 'text/plain; charset=utf-8']);
  assert.equal(edited.attachments[0].id, kept.id);
  assert.equal(edited.content, 'trip photos');
  assert.ok((await download(edited.attachments[1].url)).bytes.equals(notes));
  assert.equal((await download(kept.url)).status, 200, 'the kept file is still served');
});

test('a person uploads a 5 MiB PNG avatar; the CDN serves it as a 64 x 64 WebP', async () => {
  const person = await registerUser(server, 'painter');
  const picture = noisyPng(1300, 1300);
  assert.ok(picture.length > 5_000_000, `the noisy PNG is ${picture.length} bytes`);

  const updated = await call(server, 'PATCH', '/users/@me', { token: person.token, body: { avatar: dataUri(picture) } });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  const hash = updated.body.avatar;
  assert.match(hash, /^[0-9a-f]{32}$/);
  const me = await call(server, 'GET', '/users/@me', { token: person.token });
  assert.equal(me.body.avatar, hash);

  const small = await download(`/avatars/${person.id}/${hash}.webp?size=64`);
  assert.equal(small.status, 200);
  assert.equal(small.contentType, 'image/webp');
  assert.deepEqual(webpSize(small.bytes), { width: 64, height: 64 });

  const original = await download(`/avatars/${person.id}/${hash}.png`);
  assert.equal(original.contentType, 'image/png');
  assert.ok(original.bytes.equals(picture), 'without a size the original comes back');

  for (const size of ['100', '8', '8192', 'big']) {
    assert.equal((await download(`/avatars/${person.id}/${hash}.webp?size=${size}`)).status, 400, `size=${size}`);
  }
  assert.equal((await download(`/avatars/${person.id}/${hash}.bmp`)).status, 415);
  assert.equal((await download(`/avatars/${person.id}/${'0'.repeat(32)}.png`)).status, 404);

  const removed = await call(server, 'PATCH', '/users/@me', { token: person.token, body: { avatar: null } });
  assert.equal(removed.body.avatar, null);
});

test('a wide avatar comes back square at the sizes clients ask for', async () => {
  const person = await registerUser(server, 'panorama');
  const updated = await call(server, 'PATCH', '/users/@me', { token: person.token, body: { avatar: dataUri(gradientPng(200, 100)) } });
  // 64 fits inside the picture, so it is exactly 64 x 64; above its 100 px height the server may
  // decline to enlarge it, but what it serves must still be square and no larger than asked.
  for (const size of [64, 128, 1024]) { // discord.py and discord.js ask for 1024 by default
    const served = await download(`/avatars/${person.id}/${updated.body.avatar}.png?size=${size}`);
    assert.equal(served.status, 200);
    const { width, height } = pngSize(served.bytes);
    assert.equal(width, height, `size=${size} gave ${width} x ${height}`);
    assert.ok(width <= size && width >= Math.min(size, 100), `size=${size} gave ${width} x ${height}`);
  }
});

test('a file over the attachment limit gets 413 40005 and no message is created', async () => {
  const { owner, general } = await ownGuild('uploader');
  const before = await history(owner, general.id);
  const tooBig = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 'a');
  const response = await sendFiles(owner.token, general.id, { content: 'my holiday video' }, [{ name: 'holiday.txt', data: tooBig }]);
  expectError(response, 413, 40005);
  assert.deepEqual(await history(owner, general.id), before);

  const justFits = await sendFiles(owner.token, general.id, {}, [{ name: 'fits.txt', data: tooBig.subarray(1) }]);
  assert.equal(justFits.status, 200, 'a message with only a file, exactly at the limit, is fine');
  assert.equal(justFits.body.attachments[0].size, MAX_ATTACHMENT_BYTES);
});

test('a body over http.max_body_bytes gets a 413 40005 the uploading bot can read', async () => {
  const small = await startAccord({ env: { ACCORD_HTTP_MAX_BODY_BYTES: String(2 * 1024 * 1024) } });
  try {
    const { general, botToken } = await communityWithBot(small);
    const rest = new REST({ api: small.api, retries: 0, timeout: 5_000 }).setToken(botToken);
    const upload = rest.post(Routes.channelMessages(general.id), {
      body: { content: 'the whole album' },
      files: [{ name: 'album.zip', data: Buffer.alloc(8 * 1024 * 1024, 7) }],
    });
    await assert.rejects(upload, (error) => {
      assert.equal(error.status, 413, `a DiscordAPIError, not a broken pipe: ${error}`);
      assert.equal(error.code, 40005);
      return true;
    });
    assert.ok(small.alive());
  } finally {
    await small.stop();
  }
});

test('an HTML file is served back as plain text, never as a page', async () => {
  const { owner, general } = await ownGuild('webdev');
  const page = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n');
  const sent = await sendFiles(owner.token, general.id, { content: 'my page' }, [{ name: 'index.html', data: page, type: 'text/html' }]);
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const attachment = sent.body.attachments[0];
  assert.equal(attachment.filename, 'index.html');
  assert.match(attachment.content_type, /^text\/plain/);

  const served = await download(attachment.url);
  assert.equal(served.status, 200);
  assert.match(served.contentType, /^text\/plain/);
  assert.doesNotMatch(served.contentType, /html/);
  assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(served.bytes.equals(page));
});

test('a broken multipart body gets 400 50035 MULTIPART_INVALID and creates nothing', async () => {
  const { owner, general } = await ownGuild('mangler');
  const before = await history(owner, general.id);
  const payload = 'Content-Disposition: form-data; name="payload_json"\r\n\r\n{"content":"hi"}';
  for (const [contentType, raw] of [
    ['multipart/form-data; boundary=XYZ', `--XYZ\r\n${payload}\r\n`], // never closed
    ['multipart/form-data; boundary=XYZ', `--ABC\r\n${payload}\r\n--ABC--\r\n`], // another boundary
    ['multipart/form-data', `--XYZ\r\n${payload}\r\n--XYZ--\r\n`], // no boundary at all
    ['multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XYZ--\r\n'], // no disposition
  ]) {
    const response = await call(server, 'POST', `/channels/${general.id}/messages`, {
      token: owner.token, raw, headers: { 'content-type': contentType },
    });
    assert.equal(fieldError(response, 'files'), 'MULTIPART_INVALID', `${contentType} ${JSON.stringify(raw)}`);
  }
  assert.deepEqual(await history(owner, general.id), before);
});

test('too much in one message: 2001 characters, 11 embeds or 11 files get 50035', async () => {
  const { owner, general } = await ownGuild('chatterbox');
  const before = await history(owner, general.id);
  const pixel = gradientPng(2, 2);

  const long = await sendFiles(owner.token, general.id, { content: 'x'.repeat(2001) }, [{ name: 'a.png', data: pixel }]);
  assert.ok(fieldError(long, 'content'));
  const embeds = Array.from({ length: 11 }, (_, n) => ({ title: `embed ${n}` }));
  assert.ok(fieldError(await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { embeds } }), 'embeds'));
  const files = Array.from({ length: 11 }, (_, n) => ({ name: `pic${n}.png`, data: pixel }));
  assert.ok(fieldError(await sendFiles(owner.token, general.id, { content: 'album' }, files), 'files'));
  assert.deepEqual(await history(owner, general.id), before);

  const full = await sendFiles(owner.token, general.id, { content: 'album' }, files.slice(0, 10));
  assert.equal(full.status, 200, 'ten files are fine');
  assert.equal(full.body.attachments.length, 10);
});

test('an avatar that is not an image gets 50035 IMAGE_INVALID and changes nothing', async () => {
  const person = await registerUser(server, 'trickster');
  for (const avatar of [
    dataUri(Buffer.from('this is not a picture at all')),
    dataUri(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'),
    'data:image/png;base64,!!!not base64!!!',
    'https://example.com/me.png',
  ]) {
    const response = await call(server, 'PATCH', '/users/@me', { token: person.token, body: { avatar } });
    assert.equal(fieldError(response, 'avatar'), 'IMAGE_INVALID', avatar.slice(0, 40));
  }
  const me = await call(server, 'GET', '/users/@me', { token: person.token });
  assert.equal(me.body.avatar, null);
});

test('a bot adds, renames and deletes an emoji; members see each change; others may not touch it', async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server, { permissions: String(MANAGE_GUILD_EXPRESSIONS) });
  const member = await joinGuild(server, owner, general.id, 'emojifan');
  const client = await botOnline(botToken, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildExpressions]);
  const watcher = await personWatching(member);
  try {
    const face = gradientPng(32, 32, [250, 200, 0]);
    const emoji = await client.guilds.cache.get(guild.id).emojis.create({ attachment: face, name: 'sunny_face' });
    assert.equal(emoji.name, 'sunny_face');
    assert.equal(emoji.animated, false);
    const added = await watcher.dispatch('GUILD_EMOJIS_UPDATE');
    assert.equal(added.d.guild_id, guild.id);
    assert.deepEqual(added.d.emojis.map((e) => [e.id, e.name]), [[emoji.id, 'sunny_face']]);

    const image = await download(emoji.imageURL({ extension: 'png' }));
    assert.equal(image.status, 200, emoji.imageURL({ extension: 'png' }));
    assert.equal(image.contentType, 'image/png');
    assert.ok(image.bytes.equals(face));
    const listed = await call(server, 'GET', `/guilds/${guild.id}`, { token: member.token });
    assert.deepEqual(listed.body.emojis.map((e) => e.id), [emoji.id]);

    const base = `/guilds/${guild.id}/emojis`;
    const attempts = [
      ['POST', base, { name: 'mine', image: dataUri(face) }],
      ['PATCH', `${base}/${emoji.id}`, { name: 'hijacked' }],
      ['DELETE', `${base}/${emoji.id}`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      expectError(await call(server, method, path, { token: member.token, body }), 403, 50013);
    }

    await emoji.edit({ name: 'grin' });
    const renamed = await watcher.dispatch('GUILD_EMOJIS_UPDATE');
    assert.deepEqual(renamed.d.emojis.map((e) => e.name), ['grin'], 'the member never saw "hijacked"');

    await emoji.delete();
    const removed = await watcher.dispatch('GUILD_EMOJIS_UPDATE');
    assert.deepEqual(removed.d.emojis, []);
    expectError(await call(server, 'GET', `${base}/${emoji.id}`, { token: member.token }), 404, 10014);
  } finally {
    await client.destroy();
    await watcher.close(1000);
  }
});

test('a bot uploads a sticker and sends it; members see it, another guild cannot look it up', async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server, { permissions: String(MANAGE_GUILD_EXPRESSIONS) });
  const member = await joinGuild(server, owner, general.id, 'stickerfan');
  const watcher = await personWatching(member);
  const rest = new REST({ api: server.api }).setToken(botToken);
  try {
    const wave = gradientPng(64, 64, [40, 120, 250]);
    // As discord.js's guild.stickers.create sends it: form fields and the file under "file".
    const sticker = await rest.post(Routes.guildStickers(guild.id), {
      appendToFormData: true,
      body: { name: 'wave', tags: 'wave', description: 'A friendly wave' },
      files: [{ key: 'file', name: 'wave.png', data: wave }],
    });
    assert.equal(sticker.name, 'wave');
    assert.equal(sticker.tags, 'wave');
    assert.equal(sticker.description, 'A friendly wave');
    assert.equal(sticker.type, 2);
    assert.equal(sticker.format_type, 1);
    assert.equal(sticker.guild_id, guild.id);
    const announced = await watcher.dispatch('GUILD_STICKERS_UPDATE');
    assert.deepEqual(announced.d.stickers.map((s) => s.id), [sticker.id]);

    const image = await download(`/stickers/${sticker.id}.png`);
    assert.equal(image.contentType, 'image/png');
    assert.ok(image.bytes.equals(wave));

    const message = await rest.post(Routes.channelMessages(general.id), { body: { sticker_ids: [sticker.id] } });
    const seen = await watcher.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === message.id);
    assert.deepEqual(seen.d.sticker_items, [{ id: sticker.id, name: 'wave', format_type: 1 }]);

    const fetched = await call(server, 'GET', `/stickers/${sticker.id}`, { token: member.token });
    assert.equal(fetched.body.name, 'wave');
    const stranger = await registerUser(server, 'stranger');
    const elsewhere = await createGuild(server, stranger, 'Elsewhere');
    expectError(await call(server, 'GET', `/stickers/${sticker.id}`, { token: stranger.token }), 404, 10060);
    const borrowed = await call(server, 'POST', `/channels/${elsewhere.general.id}/messages`, {
      token: stranger.token, body: { sticker_ids: [sticker.id] },
    });
    expectError(borrowed, 400, 50035);

    const client = await botOnline(botToken, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildExpressions]);
    try {
      const cached = client.guilds.cache.get(guild.id).stickers.cache.get(sticker.id);
      assert.equal(cached?.name, 'wave', 'GUILD_CREATE lists the guild\'s stickers');
      assert.equal(cached.url, `${server.url}/stickers/${sticker.id}.png`);
    } finally {
      await client.destroy();
    }
  } finally {
    await watcher.close(1000);
  }
});

test('a guild holds five stickers; the sixth gets 30039', async () => {
  const { owner, guild } = await ownGuild('collector');
  const create = (n) => {
    const form = new FormData();
    form.append('name', `sticker${n}`);
    form.append('tags', 'star');
    form.append('file', new Blob([gradientPng(16, 16, [n * 40, 100, 100])]), `s${n}.png`);
    return fetch(`${server.api}/v10/guilds/${guild.id}/stickers`, { method: 'POST', headers: { authorization: owner.token }, body: form })
      .then(async (response) => ({ status: response.status, body: await response.json() }));
  };
  for (let n = 1; n <= 5; ++n) assert.equal((await create(n)).status, 201, `sticker ${n}`);
  expectError(await create(6), 400, 30039);
  const listed = await call(server, 'GET', `/guilds/${guild.id}/stickers`, { token: owner.token });
  assert.equal(listed.body.length, 5);
});

test('someone who cannot see a channel gets neither its attachment message nor the event', async () => {
  const { owner, guild, general } = await ownGuild('keeper');
  const outsider = await joinGuild(server, owner, general.id, 'peeker');
  const secret = await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token,
    body: { name: 'vault', permission_overwrites: [{ id: guild.id, type: 0, allow: '0', deny: String(VIEW_CHANNEL) }] },
  });
  const watcher = await personWatching(outsider);
  try {
    const plans = Buffer.from('the combination is 12-34-56\n');
    const hidden = await sendFiles(owner.token, secret.body.id, { content: 'the plans' }, [{ name: 'plans.txt', data: plans }]);
    assert.equal(hidden.status, 200, JSON.stringify(hidden.body));
    const visible = await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'lunch?' } });
    const next = await watcher.dispatch('MESSAGE_CREATE');
    assert.equal(next.d.id, visible.body.id, 'the first message the outsider hears of is the one in #general');
    assert.ok(!watcher.received.some((p) => JSON.stringify(p).includes('plans.txt')));

    const base = `/channels/${secret.body.id}/messages`;
    for (const [method, path, body] of [
      ['GET', `${base}/${hidden.body.id}`],
      ['GET', base],
      ['PATCH', `${base}/${hidden.body.id}`, { attachments: [] }],
      ['DELETE', `${base}/${hidden.body.id}`],
      ['POST', base, { content: 'let me in' }],
    ]) {
      const response = await call(server, method, path, { token: outsider.token, body });
      assert.ok([403, 404].includes(response.status), `${method} ${path}: ${response.status}`);
      assert.ok(!JSON.stringify(response.body).includes('plans'), `${method} ${path} leaks nothing`);
    }
    const upload = await sendFiles(outsider.token, secret.body.id, { content: 'mine' }, [{ name: 'x.txt', data: plans }]);
    assert.ok([403, 404].includes(upload.status), `upload: ${upload.status}`);

    const kept = await call(server, 'GET', `${base}/${hidden.body.id}`, { token: owner.token });
    assert.equal(kept.body.attachments[0].filename, 'plans.txt', 'the owner still has the file');
  } finally {
    await watcher.close(1000);
  }
});

test('a member denied ATTACH_FILES can still talk but cannot upload', async () => {
  const { owner, guild, general } = await ownGuild('host');
  const member = await joinGuild(server, owner, general.id, 'textonly');
  const quiet = await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token,
    body: { name: 'text-only', permission_overwrites: [{ id: guild.id, type: 0, allow: '0', deny: String(ATTACH_FILES) }] },
  });
  const words = await call(server, 'POST', `/channels/${quiet.body.id}/messages`, { token: member.token, body: { content: 'just words' } });
  assert.equal(words.status, 200);
  const before = await history(owner, quiet.body.id);
  const picture = await sendFiles(member.token, quiet.body.id, { content: 'and a picture' }, [{ name: 'p.png', data: gradientPng(4, 4) }]);
  expectError(picture, 403, 50013);
  assert.deepEqual(await history(owner, quiet.body.id), before);
});
