"""The WebSocket handlers of shared/seeds (003), run with wirehttp and driven by its test client.

Each example is the seed's text with its indentation restored and `aiohttp` spelled `wirehttp`
(the seed's one import line, where it has one). What the seed leaves to the reader is given
beside it and said so: the "Basic" and "Advanced" snippets use `web` (and "Advanced" and "Chat
Server" `asyncio`) without importing them, so each runs in a namespace that already holds
`asyncio` and `web`; the route registration is the seed's own line where it has one.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpClient

TIMEOUT = 10.0

# --- "WebSocket Connections in aiohttp" / "Basic WebSocket Implementation" -----------------
BASIC = """
async def websocket_handler(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    print("WebSocket connection established")
    async for msg in ws:
        if msg.type == web.WSMsgType.TEXT:
            if msg.data == 'close':
                await ws.close()
            else:
                await ws.send_str(f"Echo: {msg.data}")
        elif msg.type == web.WSMsgType.ERROR:
            print(f'WebSocket error: {ws.exception()}')
    print("WebSocket connection closed")
    return ws

app.router.add_get('/ws', websocket_handler)
"""

# --- "Advanced WebSocket Implementation" ----------------------------------------------------
ADVANCED = """
import json
import weakref

class WebSocketManager:
    def __init__(self):
        self.connections = weakref.WeakSet()

    async def add_connection(self, ws):
        self.connections.add(ws)

    async def broadcast(self, message):
        if self.connections:
            await asyncio.gather(
                *[ws.send_str(json.dumps(message)) for ws in self.connections],
                return_exceptions=True
            )

manager = WebSocketManager()

async def websocket_handler(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await manager.add_connection(ws)
    try:
        async for msg in ws:
            if msg.type == web.WSMsgType.TEXT:
                data = json.loads(msg.data)
                if data['type'] == 'broadcast':
                    await manager.broadcast(data['message'])
                else:
                    await ws.send_str(json.dumps({'echo': data}))
    except Exception as e:
        print(f"WebSocket error: {e}")
    return ws
"""

# --- "Chat Server on WebSocket" -------------------------------------------------------------
CHAT = """
import json
import weakref
from wirehttp import web

class ChatRoom:
    def __init__(self):
        self.clients = weakref.WeakSet()

    async def join(self, ws):
        self.clients.add(ws)
        await self.broadcast({'type': 'user_joined', 'count': len(self.clients)})

    async def leave(self, ws):
        if ws in self.clients:
            self.clients.remove(ws)
            await self.broadcast({'type': 'user_left', 'count': len(self.clients)})

    async def broadcast(self, message):
        if self.clients:
            await asyncio.gather(
                *[client.send_str(json.dumps(message)) for client in self.clients],
                return_exceptions=True
            )

chat_room = ChatRoom()

async def websocket_handler(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await chat_room.join(ws)
    try:
        async for msg in ws:
            if msg.type == web.WSMsgType.TEXT:
                data = json.loads(msg.data)
                if data['type'] == 'message':
                    await chat_room.broadcast({
                        'type': 'message',
                        'text': data['text'],
                        'user': data['user']
                    })
    finally:
        await chat_room.leave(ws)
    return ws
"""


def run_seed(source: str, app: web.Application | None = None) -> dict[str, Any]:
    namespace: dict[str, Any] = {"asyncio": asyncio, "web": web, "app": app}
    exec(compile(source, "<seed 003>", "exec"), namespace)
    return namespace


async def test_basic_echo_and_close(aiohttp_client: AiohttpClient, capsys: Any) -> None:
    app = web.Application()
    run_seed(BASIC, app)  # the seed registers its route on `app` itself
    client = await aiohttp_client(app)
    ws = await client.ws_connect("/ws")
    await ws.send_str("hello")
    assert await ws.receive_str(timeout=TIMEOUT) == "Echo: hello"
    await ws.send_str("close")
    msg = await ws.receive(TIMEOUT)
    assert (msg.type, msg.data) == (web.WSMsgType.CLOSE, 1000)
    await ws.close()
    await client.close()  # the handler has returned once the server has shut down
    assert capsys.readouterr().out.splitlines() == [
        "WebSocket connection established",
        "WebSocket connection closed",
    ]


async def test_advanced_echo_and_broadcast(aiohttp_client: AiohttpClient) -> None:
    seed = run_seed(ADVANCED)
    app = web.Application()
    app.router.add_get("/ws", seed["websocket_handler"])
    client = await aiohttp_client(app)
    alice = await client.ws_connect("/ws")
    bob = await client.ws_connect("/ws")
    await alice.send_str(json.dumps({"type": "hello", "n": 1}))
    assert json.loads(await alice.receive_str(timeout=TIMEOUT)) == {
        "echo": {"type": "hello", "n": 1}
    }
    for _ in range(100):  # bob's handler has registered him once his first echo comes back
        await bob.send_str(json.dumps({"type": "sync"}))
        assert json.loads(await bob.receive_str(timeout=TIMEOUT)) == {"echo": {"type": "sync"}}
        if len(seed["manager"].connections) == 2:
            break
    await alice.send_str(json.dumps({"type": "broadcast", "message": {"news": "hi all"}}))
    assert json.loads(await alice.receive_str(timeout=TIMEOUT)) == {"news": "hi all"}
    assert json.loads(await bob.receive_str(timeout=TIMEOUT)) == {"news": "hi all"}


async def test_chat_room_joins_messages_and_leaves(aiohttp_client: AiohttpClient) -> None:
    seed = run_seed(CHAT)
    app = web.Application()
    app.router.add_get("/ws", seed["websocket_handler"])
    client = await aiohttp_client(app)
    alice = await client.ws_connect("/ws")
    assert json.loads(await alice.receive_str(timeout=TIMEOUT)) == {
        "type": "user_joined",
        "count": 1,
    }
    bob = await client.ws_connect("/ws")
    joined = {"type": "user_joined", "count": 2}
    assert json.loads(await alice.receive_str(timeout=TIMEOUT)) == joined
    assert json.loads(await bob.receive_str(timeout=TIMEOUT)) == joined
    await bob.send_str(json.dumps({"type": "message", "text": "hey", "user": "bob"}))
    said = {"type": "message", "text": "hey", "user": "bob"}
    assert json.loads(await alice.receive_str(timeout=TIMEOUT)) == said
    assert json.loads(await bob.receive_str(timeout=TIMEOUT)) == said
    await bob.close()
    assert json.loads(await alice.receive_str(timeout=TIMEOUT)) == {
        "type": "user_left",
        "count": 1,
    }
