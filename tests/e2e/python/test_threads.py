"""discord.py starts a thread from a message, talks in it, fetches it back, archives it and lists it."""
import asyncio
import unittest

import discord
import discord.gateway
import discord.http

from accord_server import bot_online, ServerTestCase, stop_bot


class ThreadsTest(ServerTestCase):
    def active_thread_ids(self, token, guild_id):
        status, active = self.server.call('GET', f'/guilds/{guild_id}/threads/active', token=token)
        self.assertEqual(status, 200, active)
        return [thread['id'] for thread in active['threads']]

    async def test_bot_starts_a_thread_on_its_message_and_talks_in_it(self):
        owner, guild, general, bot_token = self.server.community('pythreadstarter', 'Release Team', 'Release Bot')
        client, task = await bot_online(bot_token)
        self.addAsyncCleanup(stop_bot, client, task)
        channel = client.get_channel(int(general['id']))
        notes = await channel.send('Release notes for 1.4 are up')

        thread = await notes.create_thread(name='1.4 feedback')
        self.assertIsInstance(thread, discord.Thread)
        self.assertEqual(thread.id, notes.id, 'a thread takes the id of its message')
        self.assertEqual(thread.parent_id, channel.id)
        self.assertEqual(thread.owner_id, client.user.id)
        self.assertEqual(thread.type, discord.ChannelType.public_thread)
        self.assertFalse(thread.archived)

        reply = await thread.send('Found a typo in the changelog')
        self.assertEqual(reply.channel.id, thread.id)
        history = [message.content async for message in thread.history(limit=10)]
        self.assertEqual(history[0], 'Found a typo in the changelog')

        fetched = await client.fetch_channel(thread.id)
        self.assertIsInstance(fetched, discord.Thread)
        self.assertEqual(fetched.parent_id, channel.id)
        self.assertEqual(fetched.guild.id, int(guild['id']))
        self.assertEqual(fetched.name, '1.4 feedback')
        self.assertEqual(fetched.message_count, 1)
        self.assertEqual(fetched.member_count, 1)
        from_guild = await channel.guild.fetch_channel(thread.id)
        self.assertIsInstance(from_guild, discord.Thread)
        self.assertEqual(from_guild.parent_id, channel.id)

        status, seen = self.server.call('GET', f"/channels/{thread.id}/messages", token=owner)
        self.assertEqual(status, 200, seen)
        self.assertEqual([message['id'] for message in seen], [str(reply.id)])

    async def test_bot_archives_its_thread_and_finds_it_among_the_archived(self):
        owner, guild, general, bot_token = self.server.community('pyarchivist', 'Release Team', 'Release Bot')
        client, task = await bot_online(bot_token)
        self.addAsyncCleanup(stop_bot, client, task)
        channel = client.get_channel(int(general['id']))
        question = await channel.send('Should we ship on Friday?')
        thread = await question.create_thread(name='Friday ship', auto_archive_duration=60)
        self.assertEqual(thread.auto_archive_duration, 60)
        await thread.send('No. Never on a Friday.')
        self.assertIn(str(thread.id), self.active_thread_ids(owner, guild['id']))
        self.assertEqual([t async for t in channel.archived_threads()], [])

        archived = await thread.edit(archived=True)
        self.assertIsInstance(archived, discord.Thread)
        self.assertTrue(archived.archived)
        self.assertNotIn(str(thread.id), self.active_thread_ids(owner, guild['id']))

        listed = [t async for t in channel.archived_threads()]
        self.assertEqual([t.id for t in listed], [thread.id])
        self.assertTrue(listed[0].archived)
        self.assertEqual(listed[0].parent_id, channel.id)
        self.assertEqual(listed[0].name, 'Friday ship')


if __name__ == '__main__':
    unittest.main()
