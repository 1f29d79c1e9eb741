"""A Realtime API session over a WebSocket, on ``Client``: each line of text becomes a
``conversation.item.create`` plus a ``response.create``, and every server event is printed
(its type; the finished items' text or transcript, the transcript deltas and errors in full).
Lines come from the terminal (type ``quit`` to stop); when stdin is not a terminal one fixed
turn is sent. Offline: ``python examples/run.py realtime``. With a real key:
``OPENAI_API_KEY=sk-... python examples/realtime/main.py``.
"""

from __future__ import annotations

import sys

from openai_rs_port import Client
from openai_rs_port.realtime_ws import RealtimeConnection
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


def send_turn(conn: RealtimeConnection, text: str) -> None:
    item = RealtimeConversationItem.from_dict({
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": text}],
    })
    conn.send(RealtimeClientEventConversationItemCreate(item=item))
    conn.send(RealtimeClientEventResponseCreate())


def print_events_until_done(conn: RealtimeConnection) -> None:
    for event in conn:
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


def main() -> None:
    with Client() as client, client.realtime().connect(model=MODEL) as conn:
        print("WebSocket handshake complete")
        if sys.stdin.isatty():
            print("Type a message (quit to stop):")
            while (line := sys.stdin.readline()) and line.strip() != "quit":
                send_turn(conn, line)
                print_events_until_done(conn)
        else:
            send_turn(conn, FIXED_TURN)
            print_events_until_done(conn)


if __name__ == "__main__":
    main()
