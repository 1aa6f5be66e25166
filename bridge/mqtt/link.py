"""One connection to the broker that outlives the broker.

Everything the bridge publishes is retained state, kept here by topic: while the broker
is away the newest value of each topic waits (older ones are simply replaced), and on
every (re)connection the whole set is published again, so a broker that restarted
without persistence is made whole and one that kept its retained messages just gets
the same values again (a retained topic holds one message: nothing is duplicated).
The Last Will marks the bridge offline if it vanishes without saying goodbye.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Awaitable, Callable

import aiomqtt

from bridge.mqtt.settings import MqttSettings

log = logging.getLogger(__name__)

Handler = Callable[[str, bytes], Awaitable[None]]
BATCH = 64


class MqttLink:
    def __init__(self, settings: MqttSettings, *, status_topic: str,
                 client_id: str | None = None,
                 backoff_s: tuple[float, float] = (1.0, 30.0)) -> None:
        self.settings = settings
        self.status_topic = status_topic
        self.client_id = client_id
        self.backoff_s = backoff_s
        self._retained: dict[str, bytes] = {}
        self._dirty: dict[str, None] = {}  # ordered set: topics not yet on this broker
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()  # set whenever the broker has everything
        self._subscriptions: dict[str, Handler] = {}
        self._task: asyncio.Task[None] | None = None
        self._client: aiomqtt.Client | None = None
        self.connected = asyncio.Event()
        self.connections = 0
        self.last_error: str | None = None

    # -- what to publish ----------------------------------------------------------------

    def set(self, topic: str, payload: bytes) -> None:
        """Make `payload` the retained value of `topic` (now, or once connected)."""
        if self._retained.get(topic) == payload and topic not in self._dirty:
            return
        self._retained[topic] = payload
        self._dirty[topic] = None
        self._wake.set()

    def clear(self, topic: str) -> None:
        """Remove a retained topic (an empty retained message deletes it)."""
        if topic in self._retained:
            self._retained[topic] = b""
            self._dirty[topic] = None
            self._wake.set()

    def resend(self, prefix: str) -> None:
        """Publish every retained topic under `prefix` again."""
        for topic in self._retained:
            if topic.startswith(prefix):
                self._dirty[topic] = None
        self._wake.set()

    def value(self, topic: str) -> bytes | None:
        return self._retained.get(topic)

    def subscribe(self, topic_filter: str, handler: Handler) -> None:
        """Call `handler(topic, payload)` for live (never retained) messages."""
        self._subscriptions[topic_filter] = handler

    @property
    def pending(self) -> int:
        return len(self._dirty)

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="mqtt-link")

    async def flushed(self, timeout: float = 10.0) -> bool:  # noqa: ASYNC109
        """Wait until everything set so far is on the broker."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while self._dirty or not self.connected.is_set():
                    self._idle.clear()
                    await self._idle.wait()
                return True
        return False

    async def stop(self) -> None:
        """Say goodbye: the bridge's status turns offline (the Will is for dying)."""
        client = self._client
        if client is not None and self.connected.is_set():
            with contextlib.suppress(aiomqtt.MqttError, TimeoutError):
                async with asyncio.timeout(5):
                    await self._flush(client)
                    await client.publish(self.status_topic, b"offline", qos=1, retain=True)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _client_for(self) -> aiomqtt.Client:
        s = self.settings
        client = aiomqtt.Client(
            s.host, s.port, username=s.username, password=s.password,
            identifier=self.client_id, keepalive=s.keepalive_s,
            tls_context=s.ssl_context(), clean_session=True, timeout=10,
            max_inflight_messages=BATCH,
            will=aiomqtt.Will(self.status_topic, b"offline", qos=1, retain=True))
        client.pending_calls_threshold = BATCH + 8  # a full batch in flight is normal
        return client

    async def _run(self) -> None:
        delay = self.backoff_s[0]
        while True:
            try:
                async with self._client_for() as client:
                    self._client = client
                    self.connections += 1
                    for topic_filter in self._subscriptions:
                        await client.subscribe(topic_filter, qos=1)
                    await client.publish(self.status_topic, b"online", qos=1, retain=True)
                    # A fresh connection: the broker may have lost anything we sent.
                    for topic in self._retained:
                        self._dirty[topic] = None
                    self.connected.set()
                    self.last_error = None
                    delay = self.backoff_s[0]
                    log.info("MQTT: connected to %s", self.settings.url_for_humans)
                    # Either side sees a lost connection first: the reader while idle.
                    tasks = [asyncio.create_task(self._read(client)),
                             asyncio.create_task(self._write(client))]
                    try:
                        done, _ = await asyncio.wait(tasks,
                                                     return_when=asyncio.FIRST_COMPLETED)
                        for task in done:
                            task.result()
                        raise aiomqtt.MqttError("the connection ended")
                    finally:
                        for task in tasks:
                            task.cancel()
                        for task in tasks:
                            with contextlib.suppress(asyncio.CancelledError,
                                                     aiomqtt.MqttError):
                                await task
            except aiomqtt.MqttError as exc:
                self.last_error = str(exc)
                log.warning("MQTT: %s: %s; trying again in %.0f s",
                            self.settings.url_for_humans, exc, delay)
            finally:
                self._client = None
                self.connected.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.backoff_s[1])

    async def _write(self, client: aiomqtt.Client) -> None:
        while True:
            await self._flush(client)
            self._wake.clear()
            if not self._dirty:
                await self._wake.wait()

    async def _flush(self, client: aiomqtt.Client) -> None:
        while self._dirty:
            # Up to BATCH in flight at once: a reconnection to a broker across a WAN
            # resends thousands of topics, one round trip each would take minutes.
            batch = [(t, self._retained[t]) for t in itertools.islice(self._dirty, BATCH)]
            # QoS 1 waits for the broker's PUBACK: only then is a topic done.
            results = await asyncio.gather(
                *(client.publish(topic, payload, qos=1, retain=True)
                  for topic, payload in batch), return_exceptions=True)
            for (topic, payload), result in zip(batch, results, strict=True):
                if isinstance(result, BaseException):
                    continue
                if self._retained.get(topic) == payload:
                    self._dirty.pop(topic, None)
                    if payload == b"":
                        del self._retained[topic]
            for result in results:
                if isinstance(result, BaseException):
                    raise result
        self._idle.set()

    async def _read(self, client: aiomqtt.Client) -> None:
        async for message in client.messages:
            payload = message.payload if isinstance(message.payload, bytes) else \
                str(message.payload).encode()
            if not payload:
                continue  # an empty message clears a retained one: not a command
            if message.retain:
                # A command someone published retained would run again on every
                # reconnect, and a top-up code would sit on the broker: remove it.
                log.warning("MQTT: ignored and cleared a retained command on %s",
                            message.topic)
                await client.publish(str(message.topic), b"", qos=1, retain=True)
                continue
            for topic_filter, handler in self._subscriptions.items():
                if message.topic.matches(topic_filter):
                    try:
                        await handler(str(message.topic), payload)
                    except Exception:  # one bad command never stops the bridge
                        log.exception("MQTT: handling %s failed", message.topic)
