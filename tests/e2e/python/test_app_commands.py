"""discord.py answers a slash command: a CommandTree command synced to one guild, a reply with a button
whose callback edits the message, and a follow-up, as the person who ran the command sees them."""
import asyncio
import itertools
import json
import time
import unittest

import aiohttp
import discord
import discord.gateway
import discord.http
from discord import app_commands

from accord_server import bot_online, ServerTestCase, stop_bot

NONCES = itertools.count(1)


class PersonGateway:
    """The person's own client on the gateway: identifies without intents (so it gets everything) and
    keeps every dispatch, so a test can wait for one whether it came already or is still to come."""

    def __init__(self, session, ws):
        self.session, self.ws = session, ws
        self.dispatches = []
        self.changed = asyncio.Condition()
        self.reader = None

    @classmethod
    async def open(cls, server, token):
        session = aiohttp.ClientSession()
        ws = await session.ws_connect(server.url.replace('http://', 'ws://') + '/?v=10&encoding=json')
        gateway = cls(session, ws)
        hello = await ws.receive_json(timeout=5)
        assert hello['op'] == 10, hello
        await ws.send_json({'op': 2, 'd': {'token': token, 'properties': {'os': 'linux', 'browser': 'test'}}})
        gateway.reader = asyncio.create_task(gateway._read())
        gateway.ready = await gateway.wait_for('READY')
        return gateway

    async def _read(self):
        async for frame in self.ws:
            if frame.type != aiohttp.WSMsgType.TEXT:
                break
            payload = json.loads(frame.data)
            if payload.get('op') == 0:
                async with self.changed:
                    self.dispatches.append((payload['t'], payload['d']))
                    self.changed.notify_all()

    async def wait_for(self, event, predicate=lambda d: True, timeout=5):
        def found():
            return next((d for t, d in self.dispatches if t == event and predicate(d)), None)

        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(lambda: found() is not None), timeout)
            return found()

    async def close(self):
        await self.ws.close()
        if self.reader:
            await asyncio.wait_for(self.reader, 5)
        await self.session.close()


class AppCommandsTest(ServerTestCase):
    async def call(self, method, path, body=None, token=None):
        """server.call off the event loop, so the bot keeps running while the person waits for an answer."""
        return await asyncio.to_thread(self.server.call, method, path, body, token)

    async def weather_club(self, name):
        """An owner's guild with a bot online and a person who joined it by invite.
        Returns (guild, general, person token, person id, client)."""
        owner, guild, general, bot_token = await asyncio.to_thread(
            self.server.community, f'{name}owner', 'Weather Club', 'Weather Bot')
        person = await asyncio.to_thread(self.server.register, f'{name}person')
        status, invite = await self.call('POST', f"/channels/{general['id']}/invites", {}, owner)
        self.assertEqual(status, 200, invite)
        status, joined = await self.call('POST', f"/invites/{invite['code']}", {}, person)
        self.assertEqual(status, 200, joined)
        status, me = await self.call('GET', '/users/@me', token=person)
        client, task = await bot_online(bot_token)
        self.addAsyncCleanup(stop_bot, client, task)
        return guild, general, person, me['id'], client

    async def test_tree_sync_registers_the_guild_command_with_its_option(self):
        guild, general, person, _, client = await self.weather_club('pysync')
        tree = app_commands.CommandTree(client)
        where = discord.Object(id=int(guild['id']))

        @tree.command(name='weather', description='Tells the weather in a city', guild=where)
        @app_commands.describe(city='Which city')
        async def weather(interaction: discord.Interaction, city: str):
            await interaction.response.send_message(city)

        synced = await tree.sync(guild=where)
        self.assertEqual([command.name for command in synced], ['weather'])
        self.assertEqual(synced[0].guild_id, int(guild['id']))
        self.assertEqual(synced[0].application_id, client.application_id)
        self.assertEqual([(o.name, o.type, o.required) for o in synced[0].options],
                         [('city', discord.AppCommandOptionType.string, True)])
        self.assertEqual(await tree.sync(guild=where), synced, 'syncing again changes nothing, ids included')

        fetched = await tree.fetch_commands(guild=where)
        self.assertEqual([(command.id, command.description) for command in fetched],
                         [(synced[0].id, 'Tells the weather in a city')])
        self.assertEqual(await tree.fetch_commands(), [], 'no global commands')

    async def test_person_runs_the_command_clicks_the_button_and_gets_a_follow_up(self):
        guild, general, person, person_id, client = await self.weather_club('pystory')
        tree = app_commands.CommandTree(client)
        where = discord.Object(id=int(guild['id']))
        loop = asyncio.get_running_loop()
        invoked, clicked = loop.create_future(), loop.create_future()

        class Forecast(discord.ui.View):
            @discord.ui.button(label='Refresh', style=discord.ButtonStyle.primary, custom_id='refresh')
            async def refresh(self, interaction: discord.Interaction, button: discord.ui.Button):
                try:
                    await interaction.response.edit_message(content='Oslo: 4°C, clearing up', view=None)
                    await interaction.followup.send('Tomorrow: sunny all day')
                    clicked.set_result(interaction)
                except Exception as error:  # the view would only log it
                    clicked.set_exception(error)

        @tree.command(name='weather', description='Tells the weather in a city', guild=where)
        @app_commands.describe(city='Which city')
        async def weather(interaction: discord.Interaction, city: str):
            try:
                await interaction.response.send_message(f'{city}: 2°C, drizzle', view=Forecast())
                invoked.set_result((interaction, city))
            except Exception as error:  # the tree would only log it
                invoked.set_exception(error)

        await tree.sync(guild=where)
        gateway = await PersonGateway.open(self.server, person)
        self.addAsyncCleanup(gateway.close)
        status, index = await self.call('GET', f"/guilds/{guild['id']}/application-command-index", token=person)
        self.assertEqual(status, 200, index)
        command = next(c for c in index['application_commands'] if c['name'] == 'weather')

        def interaction_body(kind, data, **extra):
            return {'type': kind, 'application_id': str(client.application_id), 'guild_id': guild['id'],
                    'channel_id': general['id'], 'session_id': gateway.ready['session_id'],
                    'nonce': str(((int(time.time() * 1000) - 1420070400000) << 22) + next(NONCES)), 'data': data, **extra}

        run = interaction_body(2, {'version': command['version'], 'id': command['id'], 'name': 'weather', 'type': 1,
                                   'options': [{'type': 3, 'name': 'city', 'value': 'Oslo'}], 'attachments': []})
        status, body = await self.call('POST', '/interactions', run, person)
        self.assertEqual(status, 204, body)
        interaction, city = await asyncio.wait_for(invoked, 10)
        self.assertEqual(city, 'Oslo')
        self.assertEqual(interaction.user.id, int(person_id))
        self.assertIsInstance(interaction.user, discord.Member)
        self.assertEqual(interaction.guild_id, int(guild['id']))
        self.assertEqual(interaction.command.name, 'weather')
        success = await gateway.wait_for('INTERACTION_SUCCESS', lambda d: d['nonce'] == run['nonce'])
        self.assertEqual(success['id'], str(interaction.id))

        posted = await gateway.wait_for('MESSAGE_CREATE', lambda d: d['content'] == 'Oslo: 2°C, drizzle')
        self.assertEqual(posted['author']['id'], str(client.user.id))
        self.assertEqual(posted['type'], 20)
        self.assertEqual(posted['interaction']['id'], str(interaction.id))
        self.assertEqual(posted['interaction']['user']['id'], person_id)
        button = posted['components'][0]['components'][0]
        self.assertEqual((button['type'], button['custom_id'], button['label']), (2, 'refresh', 'Refresh'))

        click = interaction_body(3, {'component_type': 2, 'custom_id': 'refresh'},
                                 message_id=posted['id'], message_flags=posted['flags'])
        status, body = await self.call('POST', '/interactions', click, person)
        self.assertEqual(status, 204, body)
        press = await asyncio.wait_for(clicked, 10)
        self.assertEqual(press.message.id, int(posted['id']), 'the button callback got its message')
        updated = await gateway.wait_for('MESSAGE_UPDATE', lambda d: d['id'] == posted['id']
                                         and d['content'] == 'Oslo: 4°C, clearing up')
        self.assertEqual(updated['components'], [], 'the view was removed')
        follow_up = await gateway.wait_for('MESSAGE_CREATE', lambda d: d['content'] == 'Tomorrow: sunny all day')
        self.assertEqual(follow_up['webhook_id'], str(client.application_id))
        self.assertEqual(follow_up['author']['id'], str(client.user.id))

        status, history = await self.call('GET', f"/channels/{general['id']}/messages", token=person)
        self.assertEqual(status, 200, history)
        self.assertEqual([m['content'] for m in history], ['Tomorrow: sunny all day', 'Oslo: 4°C, clearing up'])


if __name__ == '__main__':
    unittest.main()
