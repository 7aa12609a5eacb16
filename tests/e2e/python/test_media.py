"""discord.py sends a picture with an embed, downloads it back, and gives its bot an avatar."""
import asyncio
import io
import struct
import unittest
import urllib.request
import zlib

import discord
import discord.asset
import discord.gateway
import discord.http

from accord_server import bot_online, ServerTestCase, stop_bot


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


class MediaTest(ServerTestCase):
    async def test_bot_sends_a_picture_with_an_embed_and_reads_it_back(self):
        owner, guild, general, bot_token = self.server.community('pyphotographer', 'Gallery', 'Camera Bot')
        client, task = await bot_online(bot_token)
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
            await stop_bot(client, task)

    async def test_bot_sets_an_avatar_that_the_cdn_serves(self):
        owner, guild, general, bot_token = self.server.community('pyportrait', 'Gallery', 'Camera Bot')
        client, task = await bot_online(bot_token)
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
            await stop_bot(client, task)


if __name__ == '__main__':
    unittest.main()
