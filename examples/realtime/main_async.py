"""A Realtime API session over a WebSocket, on ``AsyncClient``: each line of text becomes a
``conversation.item.create`` plus a ``response.create``, and every server event is printed
(its type; the finished items' text or transcript, the transcript deltas and errors in full).
Lines come from the terminal (type ``quit`` to stop); when stdin is not a terminal one fixed
turn is sent. Offline: ``python examples/run.py realtime``. With a real key:
``OPENAI_API_KEY=sk-... python examples/realtime/main_async.py``.
"""

from __future__ import annotations

import asyncio
import sys

from openai_rs_port import AsyncClient
from openai_rs_port.realtime_ws import AsyncRealtimeConnection
from openai_rs_port.types.realtime import (
    RealtimeClientEventConversationItemCreate,
    RealtimeClientEventResponseCreate,
    RealtimeConversationItem,
    RealtimeServerEventError,
    RealtimeServerEventResponseAudioTranscriptDelta,
    RealtimeServerEventResponseDone,
    RealtimeServerEventResponseOutputItemDone,
    RealtimeServerEventResponseTextDelta,
)

MODEL = "gpt-4o-realtime-preview-2024-12-17"
FIXED_TURN = "Hello! In one sentence, what can you do?"


async def send_turn(conn: AsyncRealtimeConnection, text: str) -> None:
    item = RealtimeConversationItem.from_dict({
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": text}],
    })
    await conn.send(RealtimeClientEventConversationItemCreate(item=item))
    await conn.send(RealtimeClientEventResponseCreate())


async def print_events_until_done(conn: AsyncRealtimeConnection) -> None:
    async for event in conn:
        print(f"{event.type:32} | ", end="")
        match event:
            case RealtimeServerEventResponseOutputItemDone(item=item):
                for content in item.content or []:
                    said = content.transcript or content.text
                    if said:
                        print(f"[{item.role}]: {said.strip()}", end="")
            case RealtimeServerEventResponseAudioTranscriptDelta(delta=delta):
                print(delta.strip(), end="")
            case RealtimeServerEventResponseTextDelta(delta=delta):
                print(delta, end="")
            case RealtimeServerEventError(error=error):
                print(error, end="")
        print()
        if isinstance(event, RealtimeServerEventResponseDone):
            return


async def main() -> None:
    async with AsyncClient() as client, client.realtime().connect(model=MODEL) as conn:
        print("WebSocket handshake complete")
        if sys.stdin.isatty():
            print("Type a message (quit to stop):")
            while (line := await asyncio.to_thread(sys.stdin.readline)) and line.strip() != "quit":
                await send_turn(conn, line)
                await print_events_until_done(conn)
        else:
            await send_turn(conn, FIXED_TURN)
            await print_events_until_done(conn)


if __name__ == "__main__":
    asyncio.run(main())
