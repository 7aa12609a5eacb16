"""discord.py sends a picture with an embed, downloads it back, and gives its bot an avatar."""
import asyncio
import io
import struct
import unittest
import urllib.request
import zlib

import yarl
import discord
import discord.asset
import discord.gateway
import discord.http

from accord_server import AccordServer


def png(width, height, tint=(200, 80, 40)):
    """A real 8-bit RGB PNG: a diagonal gradient in `tint`."""
    rows = b''
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            shade = (x + y) / (width + height)
            row += bytes(round(channel * shade) for channel in tint)
        rows += bytes(row)

    def chunk(kind, data):
        body = kind + data
        return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body))

    header = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(rows))
            + chunk(b'IEND', b''))


def png_size(data):
    assert data[:8] == b'\x89PNG\r\n\x1a\n', data[:16]
    return struct.unpack('>II', data[16:24])


def webp_size(data):
    """Width and height from a WebP file's first chunk (lossy VP8, lossless VP8L or extended VP8X)."""
    assert data[:4] == b'RIFF' and data[8:12] == b'WEBP', data[:16]
    kind = data[12:16]
    if kind == b'VP8 ':
        assert data[23:26] == b'\x9d\x01\x2a', 'key frame start code'
        width, height = struct.unpack('<HH', data[26:30])
        return width & 0x3fff, height & 0x3fff
    if kind == b'VP8L':
        bits = struct.unpack('<I', data[21:25])[0]
        return (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1
    if kind == b'VP8X':
        return int.from_bytes(data[24:27], 'little') + 1, int.from_bytes(data[27:30], 'little') + 1
    raise AssertionError(f'unknown WebP chunk {kind!r}')


class MediaTest(unittest.IsolatedAsyncioTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = AccordServer()
        discord.http.Route.BASE = cls.server.api
        # A plain discord.Client never asks REST where the gateway is: it must be told.
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(cls.server.url.replace('http://', 'ws://') + '/')
        # Avatars and other assets come from the CDN, which Accord serves on its own port.
        discord.asset.Asset.BASE = cls.server.url

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def community(self, owner_name):
        owner = self.server.register(owner_name)
        status, guild = self.server.call('POST', '/guilds', {'name': 'Gallery'}, owner)
        self.assertEqual(status, 201, guild)
        general = next(c for c in guild['channels'] if c['type'] == 0)
        application, bot_token = self.server.create_bot(owner, 'Camera Bot')
        status, body = self.server.call(
            'POST', f"/oauth2/authorize?client_id={application['id']}&scope=bot&permissions=0",
            {'guild_id': guild['id'], 'permissions': '0', 'authorize': True}, owner)
        self.assertEqual(status, 200, body)
        return owner, guild, general, bot_token

    async def bot_online(self, bot_token):
        intents = discord.Intents.default()
        intents.message_content = True
        client = discord.Client(intents=intents, guild_ready_timeout=0.2)
        ready = asyncio.Event()

        @client.event
        async def on_ready():
            ready.set()

        task = asyncio.create_task(client.start(bot_token))
        try:
            await asyncio.wait_for(ready.wait(), 10)
        except BaseException:
            await client.close()
            raise
        return client, task

    async def stop(self, client, task):
        await client.close()
        await asyncio.wait_for(task, 10)

    async def test_bot_sends_a_picture_with_an_embed_and_reads_it_back(self):
        owner, guild, general, bot_token = self.community('pyphotographer')
        client, task = await self.bot_online(bot_token)
        try:
            channel = client.get_channel(int(general['id']))
            picture = png(30, 20)
            message = await channel.send(file=discord.File(io.BytesIO(picture), 'sunset.png'),
                                         embed=discord.Embed(title='Sunset', description='over the bay'))
            self.assertEqual(len(message.attachments), 1)
            attachment = message.attachments[0]
            self.assertEqual(attachment.filename, 'sunset.png')
            self.assertEqual(attachment.size, len(picture))
            self.assertEqual(attachment.content_type, 'image/png')
            self.assertEqual((attachment.width, attachment.height), (30, 20))
            self.assertEqual(attachment.url,
                             f"{self.server.url}/attachments/{general['id']}/{attachment.id}/sunset.png")
            self.assertEqual(message.embeds[0].title, 'Sunset')

            self.assertEqual(await attachment.read(), picture)

            status, stored = self.server.call('GET', f"/channels/{general['id']}/messages/{message.id}", token=owner)
            self.assertEqual(status, 200, stored)
            self.assertEqual(stored['attachments'][0]['url'], attachment.url)
            self.assertEqual(stored['embeds'][0]['description'], 'over the bay')
        finally:
            await self.stop(client, task)

    async def test_bot_sets_an_avatar_that_the_cdn_serves(self):
        owner, guild, general, bot_token = self.community('pyportrait')
        client, task = await self.bot_online(bot_token)
        try:
            self.assertIsNone(client.user.avatar)
            face = png(128, 128, (40, 160, 220))
            user = await client.user.edit(avatar=face)
            self.assertRegex(user.avatar.key, r'^[0-9a-f]{32}$')
            self.assertTrue(user.avatar.url.startswith(f'{self.server.url}/avatars/{user.id}/'), user.avatar.url)

            served = await user.avatar.read()
            width, height = png_size(served)
            self.assertEqual(width, height, 'avatars come back square')

            small = await user.display_avatar.with_format('webp').with_size(64).read()
            self.assertEqual(webp_size(small), (64, 64))

            with urllib.request.urlopen(user.avatar.with_format('png').url.split('?')[0]) as response:
                self.assertEqual(response.headers['Content-Type'], 'image/png')
                self.assertEqual(response.read(), face, 'without a size the original comes back')

            status, profile = self.server.call('GET', f'/users/{user.id}', token=owner)
            self.assertEqual(profile['avatar'], user.avatar.key)
        finally:
            await self.stop(client, task)


if __name__ == '__main__':
    unittest.main()
