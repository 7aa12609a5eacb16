"""A discord.py bot for the end-to-end tests, run in a child process with Debian's /usr/bin/python3.

    ACCORD_URL=http://127.0.0.1:PORT BOT_TOKEN=... CHANNEL_ID=... /usr/bin/python3 discord_py_bot.py

REST and the gateway both go to ACCORD_URL (a node, or the cluster's load balancer). Prints one JSON
line per event on stdout:
    {"event": "ready", "session_id": ..., "user_id": ...}
    {"event": "resumed", "session_id": ...}
    {"event": "disconnect"}
    {"event": "message_create", "id": ..., "content": ..., "author_id": ..., "channel_id": ...}
    {"event": "sent", "ref": ..., "id": ..., "content": ...} or {"event": "send_failed", "ref": ..., "error": ...}
    {"event": "error", "error": ...}  (client.start raised: bad token, unresumable close code, ...)
Reads one JSON command per line on stdin: {"send": "text", "ref": "anything"} posts to CHANNEL_ID.
discord.py's own log goes to stderr. Exits when stdin closes, or after {"event": "error", ...} when discord.py gives up.
"""
import asyncio
import json
import logging
import os
import sys
import threading

import discord
import discord.asset
import discord.gateway
import discord.http
import discord.utils
import yarl


def emit(event, **fields):
    print(json.dumps({'event': event, **fields}), flush=True)


async def main():
    url = os.environ['ACCORD_URL'].rstrip('/')
    token = os.environ['BOT_TOKEN']
    channel_id = int(os.environ['CHANNEL_ID'])

    # A plain discord.Client never asks REST where the gateway is: it must be told. After READY it
    # reconnects to READY's resume_gateway_url.
    discord.http.Route.BASE = url + '/api/v10'
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url.replace('http://', 'ws://', 1) + '/')
    discord.asset.Asset.BASE = url

    intents = discord.Intents.default()
    intents.message_content = True
    client = discord.Client(intents=intents, guild_ready_timeout=0.2)

    @client.event
    async def on_ready():
        emit('ready', session_id=client.ws.session_id, user_id=str(client.user.id))

    @client.event
    async def on_resumed():
        emit('resumed', session_id=client.ws.session_id)

    @client.event
    async def on_disconnect():
        emit('disconnect')

    @client.event
    async def on_message(message):
        emit('message_create', id=str(message.id), content=message.content,
             author_id=str(message.author.id), channel_id=str(message.channel.id))

    async def send(command):
        try:
            channel = client.get_channel(channel_id) or await client.fetch_channel(channel_id)
            message = await channel.send(command['send'])
            emit('sent', ref=command.get('ref'), id=str(message.id), content=message.content)
        except Exception as error:  # reported to the test, which decides
            emit('send_failed', ref=command.get('ref'), error=repr(error))

    # stdin is read on a daemon thread, so a blocked read never keeps the process alive.
    loop = asyncio.get_running_loop()
    stdin_closed = asyncio.Event()

    def read_commands():
        for line in sys.stdin:
            if line.strip():
                command = json.loads(line)
                loop.call_soon_threadsafe(lambda command=command: asyncio.create_task(send(command)))
        loop.call_soon_threadsafe(stdin_closed.set)

    threading.Thread(target=read_commands, daemon=True).start()
    async with client:
        bot = asyncio.create_task(client.start(token))
        commands = asyncio.create_task(stdin_closed.wait())
        done, _ = await asyncio.wait({bot, commands}, return_when=asyncio.FIRST_COMPLETED)
        if bot in done and bot.exception():
            emit('error', error=repr(bot.exception()))
        await client.close()


if __name__ == '__main__':
    # To stderr, uncoloured: the test quotes its tail when something fails.
    discord.utils.setup_logging(level=logging.INFO,
                                formatter=logging.Formatter('%(asctime)s %(levelname)s %(name)s: %(message)s'))
    asyncio.run(main())
