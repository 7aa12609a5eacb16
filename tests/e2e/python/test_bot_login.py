"""discord.py logs a bot in against Accord through its own HTTP client."""
import unittest

import discord
import discord.http
import discord.errors

from accord_server import ServerTestCase


class BotLoginTest(ServerTestCase):
    async def test_bot_logs_in_and_reads_its_application(self):
        owner = self.server.register('pyowner')
        application, token = self.server.create_bot(owner, 'Py Bot')

        client = discord.Client(intents=discord.Intents.none())
        try:
            # login() is what client.start() does before the gateway: GET /users/@me, then
            # GET /oauth2/applications/@me. Both must parse or discord.py raises.
            await client.login(token)
            self.assertEqual(client.user.id, int(application['id']))
            self.assertTrue(client.user.bot)
            self.assertEqual(client.user.name, 'Py Bot')

            info = await client.application_info()
            self.assertEqual(info.id, int(application['id']))
            self.assertEqual(info.name, 'Py Bot')
            self.assertEqual(info.owner.name, 'pyowner')
            self.assertEqual(client.application_id, int(application['id']))

            shards, url = await client.http.get_bot_gateway()
            self.assertEqual(shards, 1)
            self.assertTrue(url.startswith(self.server.url.replace('http://', 'ws://')), url)
        finally:
            await client.close()

    async def test_bot_fetches_a_user_by_id(self):
        owner = self.server.register('pyfetched')
        _, token = self.server.create_bot(owner, 'Fetch Bot')
        _, me = self.server.call('GET', '/users/@me', token=owner)

        client = discord.Client(intents=discord.Intents.none())
        try:
            await client.login(token)
            user = await client.fetch_user(int(me['id']))
            self.assertEqual(user.name, 'pyfetched')
            self.assertFalse(user.bot)
            with self.assertRaises(discord.NotFound) as caught:
                await client.fetch_user(42)
            self.assertEqual(caught.exception.code, 10013)
        finally:
            await client.close()

    async def test_a_revoked_token_is_refused(self):
        owner = self.server.register('pyrevoked')
        application, token = self.server.create_bot(owner, 'Old Bot')
        self.server.call('POST', f"/applications/{application['id']}/bot/reset", None, owner)

        client = discord.Client(intents=discord.Intents.none())
        try:
            with self.assertRaises(discord.LoginFailure):
                await client.login(token)
        finally:
            await client.close()


if __name__ == '__main__':
    unittest.main()
