"""Starts a real accord process on a free loopback port with a fresh data directory (and, with
ACCORD_TEST_POSTGRES_URL set, a fresh PostgreSQL database)."""
import asyncio
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

import discord
import yarl

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
BINARY = os.environ.get('ACCORD_BIN', os.path.join(ROOT, 'build', 'accord'))


# Rate limits high enough that no test meets them by accident: every request of a test comes from one
# address and a handful of users. A test about rate limits passes its own low values in `env`.
GENEROUS_RATE_LIMITS = {
    'ACCORD_RATE_LIMITS_GLOBAL_PER_SECOND': '100000',
    'ACCORD_RATE_LIMITS_IP_PER_SECOND': '100000',
    'ACCORD_RATE_LIMITS_ROUTE_LIMIT': '100000',
    'ACCORD_RATE_LIMITS_MESSAGE_LIMIT': '100000',
    'ACCORD_RATE_LIMITS_REACTION_LIMIT': '100000',
    'ACCORD_RATE_LIMITS_AUTH_LIMIT': '100000',
    'ACCORD_RATE_LIMITS_INVALID_LIMIT': '100000000',
}


# A PostgreSQL cluster to test against (scripts/postgres prints its URL); unset means SQLite.
POSTGRES_SERVER = os.environ.get('ACCORD_TEST_POSTGRES_URL', '')


def postgres(sql):
    subprocess.run(['psql', '-qX', '-v', 'ON_ERROR_STOP=1', '-c', sql, POSTGRES_SERVER],
                   check=True, stdout=subprocess.DEVNULL)


def database_url(name):
    """The cluster's URL with database `name` in place of its own."""
    parsed = urllib.parse.urlsplit(POSTGRES_SERVER)
    return urllib.parse.urlunsplit(parsed._replace(path='/' + name))


class AccordServer:
    def __init__(self, env=None):
        """`env` wins over the generous rate limits, which win over the environment the tests run in."""
        self.data_dir = tempfile.mkdtemp(prefix='accord-e2e-py-')
        # With PostgreSQL the server's database is made with its data directory, named after it.
        self.database = os.path.basename(self.data_dir) if POSTGRES_SERVER else None
        database_env = {}
        if self.database:
            postgres(f'CREATE DATABASE "{self.database}"')
            database_env['ACCORD_DATABASE_URL'] = database_url(self.database)
        self.process = subprocess.Popen(
            [BINARY, 'serve', '--listen', '127.0.0.1:0', '--data-dir', self.data_dir],
            env={**os.environ, **GENEROUS_RATE_LIMITS, **database_env, **(env or {})},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 10
        output = ''
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            output += line
            match = re.search(r'listening on (http://[\d.]+:\d+)', line)
            if match:
                self.url = match.group(1)
                self.api = self.url + '/api/v10'
                return
        self.stop()
        raise RuntimeError('accord did not start:\n' + output)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.data_dir, ignore_errors=True)
        if self.database:
            postgres(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.database = None

    def call(self, method, path, body=None, token=None):
        """Plain HTTP, as the official client sends it, for routes discord.py has no call for."""
        request = urllib.request.Request(self.api + path, method=method)
        if token:
            request.add_header('Authorization', token)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request.add_header('Content-Type', 'application/json')
        try:
            with urllib.request.urlopen(request, data) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def register(self, username, password='a long enough secret'):
        status, body = self.call('POST', '/auth/register',
                                 {'username': username, 'password': password, 'consent': True})
        assert status == 201, body
        return body['token']

    def create_bot(self, owner_token, name):
        status, application = self.call('POST', '/applications', {'name': name}, owner_token)
        assert status == 201, application
        status, reset = self.call('POST', f"/applications/{application['id']}/bot/reset", None, owner_token)
        assert status == 200, reset
        return application, reset['token']

    def community(self, owner_name, guild_name='Test Guild', bot_name='Test Bot'):
        """An owner, their guild, its first text channel, and a bot authorized into it with no extra
        permissions: what most stories start from. Returns (owner token, guild, general, bot token)."""
        owner = self.register(owner_name)
        status, guild = self.call('POST', '/guilds', {'name': guild_name}, owner)
        assert status == 201, guild
        general = next(c for c in guild['channels'] if c['type'] == 0)
        application, bot_token = self.create_bot(owner, bot_name)
        status, body = self.call(
            'POST', f"/oauth2/authorize?client_id={application['id']}&scope=bot&permissions=0",
            {'guild_id': guild['id'], 'permissions': '0', 'authorize': True}, owner)
        assert status == 200, body
        return owner, guild, general, bot_token


async def bot_online(bot_token, intents=None):
    """A discord.Client logged in as the bot (default intents and message content unless `intents`
    says otherwise), once READY has arrived. Returns (client, task); stop it with stop_bot."""
    if intents is None:
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


async def stop_bot(client, task):
    await client.close()
    await asyncio.wait_for(task, 10)


class ServerTestCase(unittest.IsolatedAsyncioTestCase):
    """One server for all the tests of a class, with discord.py pointed at it."""

    server_env = None  # ACCORD_* settings for this class's server

    @classmethod
    def setUpClass(cls):
        cls.server = AccordServer(env=cls.server_env)
        discord.http.Route.BASE = cls.server.api
        # A plain discord.Client never asks REST where the gateway is: it must be told.
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(cls.server.url.replace('http://', 'ws://') + '/')
        # Avatars and other assets come from the CDN, which Accord serves on its own port.
        discord.asset.Asset.BASE = cls.server.url

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
