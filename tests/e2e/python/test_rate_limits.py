"""discord.py paces itself by Accord's rate-limit headers: a bot posting faster than a channel allows
has every message delivered, in order, a little later."""
import logging
import time
import unittest

import discord
import discord.http

from accord_server import ServerTestCase

MESSAGE_LIMIT = 2
MESSAGE_WINDOW_MS = 1500


class RateLimitTest(ServerTestCase):
    server_env = {
        'ACCORD_RATE_LIMITS_MESSAGE_LIMIT': str(MESSAGE_LIMIT),
        'ACCORD_RATE_LIMITS_MESSAGE_WINDOW_MS': str(MESSAGE_WINDOW_MS),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = cls.server.register('pyoperator')  # the first person on an instance runs it

    async def test_a_bot_sending_faster_than_allowed_is_paced_and_every_message_lands_in_order(self):
        owner, _guild, general, bot_token = self.server.community('pybusy', 'Busy Guild', 'Busy Bot')
        contents = [f'news flash {i}' for i in range(1, 7)]
        client = discord.Client(intents=discord.Intents.none())
        try:
            await client.login(bot_token)
            channel = client.get_partial_messageable(int(general['id']))
            started = time.monotonic()
            with self.assertLogs('discord.http', level=logging.DEBUG) as logs:
                sent = [await channel.send(content) for content in contents]
            elapsed = time.monotonic() - started
        finally:
            await client.close()

        self.assertEqual([message.content for message in sent], contents)
        paced = [line for line in logs.output
                 if 'has been exhausted' in line or 'We are being rate limited' in line]
        self.assertTrue(paced, 'discord.py was neither told to wait nor refused')
        # Six messages at two per window: the first two, then two windows of waiting at the least.
        self.assertGreaterEqual(elapsed, 2 * MESSAGE_WINDOW_MS / 1000 * 0.9)
        status, history = self.server.call('GET', f"/channels/{general['id']}/messages?limit=20", token=owner)
        self.assertEqual(status, 200, history)
        self.assertEqual([message['content'] for message in reversed(history)], contents)


if __name__ == '__main__':
    unittest.main()
