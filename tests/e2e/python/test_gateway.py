"""discord.py connects to Accord's gateway, sees its guild and receives a message."""
import asyncio
import unittest

import discord
import discord.gateway
import discord.http

from accord_server import bot_online, ServerTestCase, stop_bot


class GatewayTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = cls.server.register('pyoperator')  # the first person on an instance runs it

    async def test_bot_reaches_ready_with_its_guild_and_receives_a_message(self):
        owner, guild, general, bot_token = self.server.community('pygateway', 'Python Guild', 'Snake Bot')
        intents = discord.Intents.default()
        intents.message_content = True
        client = discord.Client(intents=intents, guild_ready_timeout=0.2)
        ready = asyncio.Event()
        received = asyncio.get_running_loop().create_future()

        @client.event
        async def on_ready():
            ready.set()

        @client.event
        async def on_message(message):
            if not received.done():
                received.set_result(message)

        task = asyncio.create_task(client.start(bot_token))
        try:
            await asyncio.wait_for(ready.wait(), 10)
            cached = client.get_guild(int(guild['id']))
            self.assertIsNotNone(cached)
            self.assertEqual(cached.name, 'Python Guild')
            channel = cached.get_channel(int(general['id']))
            self.assertIsNotNone(channel)
            self.assertEqual(channel.name, 'general')

            status, sent = self.server.call('POST', f"/channels/{general['id']}/messages",
                                            {'content': 'hello snake'}, owner)
            self.assertEqual(status, 200, sent)
            message = await asyncio.wait_for(received, 10)
            self.assertEqual(message.content, 'hello snake')
            self.assertEqual(message.id, int(sent['id']))
            self.assertEqual(message.channel.id, int(general['id']))

            reply = await channel.send('hello person')
            status, history = self.server.call('GET', f"/channels/{general['id']}/messages?limit=1", token=owner)
            self.assertEqual(history[0]['id'], str(reply.id))
            self.assertEqual(history[0]['content'], 'hello person')
        finally:
            await client.close()
            await asyncio.wait_for(task, 10)

    async def test_bot_with_the_members_intent_chunks_its_guild_and_queries_members(self):
        owner, guild, general, bot_token = self.server.community('pychunker', 'Python Guild', 'Snake Bot')
        intents = discord.Intents.default()
        intents.members = True
        client, task = await bot_online(bot_token, intents)
        try:
            cached = client.get_guild(int(guild['id']))
            self.assertTrue(cached.chunked, 'discord.py asked for every member and got them')
            self.assertEqual(sorted(m.name for m in cached.members), sorted(['pychunker', 'Snake Bot']))

            found = await cached.query_members('pychu')
            self.assertEqual([m.name for m in found], ['pychunker'])
            by_id = await cached.query_members(user_ids=[int(guild['owner_id'])])
            self.assertEqual([m.id for m in by_id], [int(guild['owner_id'])])
        finally:
            await stop_bot(client, task)

    async def test_bot_resumes_after_op_7_without_missing_a_message(self):
        owner, guild, general, bot_token = self.server.community('pyreconnect', 'Python Guild', 'Snake Bot')
        intents = discord.Intents.default()
        intents.message_content = True
        client = discord.Client(intents=intents, guild_ready_timeout=0.2)
        ready, resumed = asyncio.Event(), asyncio.Event()
        seen = []

        @client.event
        async def on_ready():
            ready.set()

        @client.event
        async def on_resumed():
            resumed.set()

        @client.event
        async def on_message(message):
            seen.append(message.content)

        task = asyncio.create_task(client.start(bot_token))
        try:
            await asyncio.wait_for(ready.wait(), 10)
            status, body = self.server.call('POST', '/admin/gateway/reconnect', {'user_id': str(client.user.id)},
                                            self.operator)
            self.assertEqual(status, 204, body)
            self.server.call('POST', f"/channels/{general['id']}/messages", {'content': 'during'}, owner)
            await asyncio.wait_for(resumed.wait(), 10)
            self.server.call('POST', f"/channels/{general['id']}/messages", {'content': 'after'}, owner)
            for _ in range(500):
                if len(seen) >= 2:
                    break
                await asyncio.sleep(0.01)
            self.assertEqual(seen, ['during', 'after'])
        finally:
            await client.close()
            await asyncio.wait_for(task, 10)


if __name__ == '__main__':
    unittest.main()
