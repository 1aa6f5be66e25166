"""The display's side of the HAN: discover SE meters on a zigpy network and follow them.

For each meter found: read its formatting attributes once, bind and configure reporting,
poll what is not reported, decode what the servers push (PublishPrice, DisplayMessage,
reports) into `bridge.model` updates, and send ConsumerTopUp and MessageConfirmation.
Requests have bounded time-outs and retries; a meter that goes quiet for three of its
update periods is reported stale, and fresh again when data returns.

Works with any zigpy ControllerApplication (a real stick or the virtual radio) created
through `bridge.han.se_profile.with_smart_energy`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import zigpy.application
import zigpy.exceptions
import zigpy.zcl
from zigpy.zcl import AttributeReportedEvent
from zigpy.zcl.foundation import Status

from bridge.han.discovery import (
    ESI_DEVICE_TYPE,
    MeterEndpoint,
    find_meters,
    find_time_server,
)
from bridge.han.frame_guard import frame_stats
from bridge.model import (
    GBP,
    Account,
    BlockTariff,
    ConnectionState,
    Currency,
    FriendlyCreditCalendar,
    Fuel,
    GasConversion,
    MeterClock,
    MeterIdentity,
    MeterReading,
    PaymentMode,
    Supplier,
    TariffCalendar,
    TopUpCode,
    TopUpResult,
    TopUpResultCode,
    UnitOfMeasure,
    Update,
)
from bridge.se import billing, blocks, supplier, time_cluster
from bridge.se import decode as se_decode
from bridge.se.calendar import ANY as CALENDAR_ANY
from bridge.se.calendar import FRIENDLY_TYPES, CalendarAssembler, CalendarType
from bridge.se.clusters import OriginatingDevice as WireOriginatingDevice
from bridge.se.decode import fuel_from_device_type
from bridge.se.vocabulary import (
    Calendar,
    DeviceManagement,
    Messaging,
    Metering,
    Prepayment,
    Price,
    attribute_id,
    attribute_ids,
)
from bridge.sources.base import CommandRefused, SourceError
from bridge.status_text import TEXTS, Said, say, status
from bridge.tasks import cancel_and_wait

log = logging.getLogger(__name__)

T = TypeVar("T")
#: discovery looks again this long after its last wake even if zigpy said nothing: a
#: backstop (a node's answer is heard at once through zigpy's listener events)
DISCOVERY_BACKSTOP_S = 1.0

FORMAT_ATTRIBUTES = attribute_ids(
    Metering, "unit_of_measure", "multiplier", "divisor", "summation_formatting",
    "demand_formatting", "historical_consumption_formatting", "metering_device_type")
PRICE_INFO_ATTRIBUTES = attribute_ids(
    Price, "commodity_type", "standing_charge", "conversion_factor",
    "conversion_factor_trailing_digit", "calorific_value", "calorific_value_unit",
    "calorific_value_trailing_digit", "tariff_label", "number_of_price_tiers_in_use",
    "unit_of_measure", "currency", "price_trailing_digit",
    "number_of_block_thresholds_in_use")
PREPAYMENT_ATTRIBUTES = attribute_ids(
    Prepayment, "payment_control_configuration", "credit_remaining",
    "emergency_credit_remaining", "credit_status", "credit_remaining_timestamp",
    "accumulated_debt", "emergency_credit_limit_allowance", "emergency_credit_threshold",
    "low_credit_warning", "debt_label_1", "debt_amount_1", "debt_recovery_method_1",
    "debt_recovery_frequency_1", "debt_recovery_amount_1", "currency_scaling_factor",
    "currency", "friendly_credit_warning", "remaining_friendly_credit_time",
    "next_friendly_credit_period", "prepayment_alarm_status")
PREPAYMENT_REPORTED = attribute_ids(Prepayment, "credit_remaining",
                                    "emergency_credit_remaining", "credit_status",
                                    "accumulated_debt", "prepayment_alarm_status",
                                    "remaining_friendly_credit_time",
                                    "next_friendly_credit_period")
METERING_REPORTED_ELECTRICITY = attribute_ids(Metering, "current_summ_delivered",
                                              "instantaneous_demand", "current_summ_received")
METERING_REPORTED_GAS = attribute_ids(Metering, "current_summ_delivered")
_DEVICE_TYPE = attribute_id(Metering, "metering_device_type")
_TIERS_IN_USE = attribute_id(Price, "number_of_price_tiers_in_use")
_COMMODITY = attribute_id(Price, "commodity_type")
_PRICE_CURRENCY = attribute_id(Price, "currency")
_SCALING = attribute_id(Prepayment, "currency_scaling_factor")
_PRICE_OUT = Price.ClientCommandDefs
_PRICE_DIGITS = attribute_id(Price, "price_trailing_digit")
_BILLING_COMMANDS = {_PRICE_OUT.publish_billing_period.id, _PRICE_OUT.publish_credit_payment.id,
                     _PRICE_OUT.publish_consolidated_bill.id}
_BLOCK_COMMANDS = {_PRICE_OUT.publish_block_period.id, _PRICE_OUT.publish_block_thresholds.id}
_PUBLISH_PRICE = Price.ClientCommandDefs.publish_price.id
_PRICE_OUT_COMMANDS = Price.ClientCommandDefs
_GAS_CONVERSION_COMMANDS = (_PRICE_OUT_COMMANDS.publish_calorific_value.id,
                            _PRICE_OUT_COMMANDS.publish_conversion_factor.id)
_MESSAGES = Messaging.ClientCommandDefs
_DISPLAY_MESSAGES = (_MESSAGES.display_message.id, _MESSAGES.display_protected_message.id)
# Expected update periods (meter time): GB electricity ~10 s, gas half-hourly.
UPDATE_PERIOD_S = {Fuel.ELECTRICITY: 10.0, Fuel.GAS: 1800.0}
STALE_AFTER_PERIODS = 3
SETUP_AT_ONCE = 64  # meters set up concurrently at start (each a few ZCL requests)


@dataclass
class _MeterState:
    endpoint: MeterEndpoint
    identity: MeterIdentity
    fmt: se_decode.MeteringFormat
    currency: Currency = GBP
    gas: GasConversion | None = None
    calorific_value_cmd: Any = None  # the last PublishCalorificValue
    conversion_factor_cmd: Any = None  # the last PublishConversionFactor
    prepayment_attrs: dict[int, Any] = field(default_factory=dict)
    last_update_monotonic: float = field(default_factory=time.monotonic)
    stale: bool = False
    pending: dict[int, Any] = field(default_factory=dict)
    # One flag per kind of report: a shared flag let a Prepayment report that arrived in
    # the same loop turn as a Metering report wait for the next poll.
    reading_flush_scheduled: bool = False
    prepayment_flush_scheduled: bool = False
    prepayment_read: bool = False  # the first full read of the Prepayment attributes
    # The meter's time-of-use and friendly-credit calendars, gathered from its Publish*
    # commands.
    calendar_parts: CalendarAssembler = field(default_factory=CalendarAssembler)
    friendly_parts: CalendarAssembler = field(
        default_factory=lambda: CalendarAssembler(FRIENDLY_TYPES))
    calendar_heard: asyncio.Event = field(default_factory=asyncio.Event)
    calendar_published: TariffCalendar | None = None
    friendly_published: FriendlyCreditCalendar | None = None
    # A credit customer's account, gathered from Metering and Price (bridge.se.billing).
    supplier: dict[str, Any] = field(default_factory=dict)  # bridge.se.supplier fields
    blocks: BlockTariff | None = None  # the block tariff, where the meter has one
    payment_mode: PaymentMode | None = None
    account: dict[str, Any] = field(default_factory=dict)
    bill_digits: int = 0


class _Listener:
    """zigpy cluster listener that forwards to the client with the meter attached."""

    def __init__(self, client: HanClient, state: _MeterState, cluster_id: int) -> None:
        self.client, self.state, self.cluster_id = client, state, cluster_id

    def cluster_command(self, tsn: int, command_id: int, args: Any) -> None:
        self.client._on_command(self.state, self.cluster_id, int(command_id), args)

    def general_command(self, hdr: Any, args: Any) -> None:
        return None


class _DiscoveryProgress:
    """zigpy application listener: wakes meter discovery when a node joins, answers its
    interview or leaves, so a meter is set up the moment its node has answered."""

    def __init__(self, progress: asyncio.Event) -> None:
        self._progress = progress

    def _news(self, *_: Any) -> None:
        self._progress.set()

    device_joined = raw_device_initialized = device_initialized = _news
    device_left = device_removed = _news


class HanClient:
    def __init__(self, app: zigpy.application.ControllerApplication, *, origin: str,
                 publish: Callable[[Update], None],
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 time_scale: float = 1.0, request_timeout_s: float = 5.0, retries: int = 3,
                 discovery_timeout_s: float = 30.0) -> None:
        self.app = app
        self.origin = origin
        self._publish = publish
        self.clock = clock
        # Simulated homes run faster than real time: scale the meter's periods down.
        self.time_scale = time_scale
        self.request_timeout_s = request_timeout_s
        self.retries = retries
        self.discovery_timeout_s = discovery_timeout_s
        self._meters: dict[MeterIdentity, _MeterState] = {}
        self._tasks: list[asyncio.Task[None]] = []
        # Set when a frame is refused or a value cannot be decoded (the staleness watcher
        # then says the new count at once, instead of polling for it every second), and
        # when a stale meter is heard again (its next deadline starts).
        self._news = asyncio.Event()
        self._decode_errors = 0
        # The HAN's Time server (a GB comms hub), and how far its clock is ahead of
        # `clock`: every timestamp this client gives is on the meter's clock.
        self._time_server: zigpy.zcl.Cluster | None = None
        self._clock_offset = timedelta(0)
        self.meter_clock: MeterClock | None = None

    @property
    def decode_errors(self) -> int:
        return self._decode_errors

    @decode_errors.setter
    def decode_errors(self, count: int) -> None:
        self._decode_errors = count
        self._news.set()

    def now(self) -> datetime:
        """The meter's time: `clock` corrected by what the HAN's Time server says."""
        return self.clock() + self._clock_offset

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return tuple(self._meters)

    # -- start-up -------------------------------------------------------------------

    async def start(self) -> None:
        self._status(ConnectionState.SEARCHING, say("han.searching"))
        # Each meter is set up as soon as its node has answered discovery, a bounded
        # number at a time, while the other nodes are still being discovered: a bridge
        # for an estate serves its first homes long before its last has answered.
        limit = asyncio.Semaphore(SETUP_AT_ONCE)

        async def set_up(endpoint: MeterEndpoint) -> None:
            async with limit:
                try:
                    await self._setup_meter(endpoint)
                except SourceError as exc:
                    log.warning("meter on %s not set up: %s", endpoint.device.ieee, exc)

        found: list[MeterEndpoint] = []
        setting_up: list[asyncio.Task[None]] = []
        try:
            async for endpoint in self._meters_as_found():
                found.append(endpoint)
                setting_up.append(asyncio.create_task(set_up(endpoint), name="han-setup"))
            if not found:
                self._status(ConnectionState.FAILED, say("han.no-meter"))
                raise SourceError(say("han.not-found"))
            await asyncio.gather(*setting_up)
        finally:
            await cancel_and_wait(setting_up)
        # Keep the network's order (electricity before its gas proxy), not finishing order.
        order = {(str(e.device.ieee), e.endpoint.endpoint_id): n for n, e in enumerate(found)}
        self._meters = dict(sorted(self._meters.items(), key=lambda item: order.get(
            (item[0].eui64, item[0].endpoint), len(order))))
        if not self._meters:
            raise SourceError(say("han.no-setup"))
        self._status(ConnectionState.CONNECTED, self._connected_words())
        self._tasks.append(asyncio.create_task(self._watch_staleness(), name="han-stale"))
        self._tasks.append(asyncio.create_task(self._poll_loop(), name="han-poll"))

    async def stop(self) -> None:
        await cancel_and_wait(self._tasks)
        self._tasks.clear()
        listeners = frame_stats(self.app).listeners
        if self._news.set in listeners:
            listeners.remove(self._news.set)

    async def _meters_as_found(self) -> AsyncIterator[MeterEndpoint]:
        """Every meter endpoint on the network, each as soon as its node has answered
        discovery (in the network's order within a node). The HAN's clock is read first,
        from the comms hub's Time server (or, without a hub, once every node has
        answered), so every timestamp is the meter's. Ends when every node has answered,
        or when none has for `discovery_timeout_s` (a node that never answers does not
        keep the others waiting)."""
        own = self.app.state.node_info.nwk
        seen: set[Any] = set()
        progress = asyncio.Event()  # a node joined, answered or left: look again
        listener = _DiscoveryProgress(progress)
        self.app.add_listener(listener)
        try:
            async for endpoint in self._discover(own, seen, progress):
                yield endpoint
        finally:
            self.app.remove_listener(listener)

    async def _discover(self, own: Any, seen: set[Any],
                        progress: asyncio.Event) -> AsyncIterator[MeterEndpoint]:
        clock_read = False
        answered = 0
        deadline = time.monotonic() + self.discovery_timeout_s
        while True:
            progress.clear()  # before looking: news during the look wakes the wait below
            devices = [d for d in self.app.devices.values() if d.nwk != own]
            ready = [d for d in devices if d.is_initialized]
            if len(ready) > answered:  # progress: nodes are still answering
                answered = len(ready)
                deadline = time.monotonic() + self.discovery_timeout_s
            final = time.monotonic() > deadline
            if not clock_read:
                server = find_time_server(ready)
                if final or (devices and len(ready) == len(devices)) or (
                        server is not None and getattr(server.endpoint, "device_type",
                                                       None) == ESI_DEVICE_TYPE):
                    self._time_server = server
                    await self._follow_time()  # before any reading
                    clock_read = True
            if clock_read:
                for device in ready:
                    if device.ieee in seen:
                        continue
                    seen.add(device.ieee)
                    for endpoint in find_meters([device]):
                        yield endpoint
                if devices and len(seen) == len(devices):
                    return
            if final:
                if devices:
                    log.warning("%d of %d Zigbee nodes did not answer discovery",
                                len(devices) - len(seen), len(devices))
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(progress.wait(), max(0.0, min(
                    DISCOVERY_BACKSTOP_S, deadline - time.monotonic())))

    async def _setup_meter(self, endpoint: MeterEndpoint) -> None:
        attrs = await self._read(endpoint.metering, FORMAT_ATTRIBUTES)
        fmt = se_decode.MeteringFormat.from_attributes(attrs)
        fuel = fuel_from_device_type(int(attrs.get(_DEVICE_TYPE, 0)))
        endpoint.fuel = fuel
        identity = MeterIdentity(eui64=str(endpoint.device.ieee),
                                 endpoint=endpoint.endpoint.endpoint_id, fuel=fuel)
        state = _MeterState(endpoint=endpoint, identity=identity, fmt=fmt)
        self._meters[identity] = state

        if endpoint.price is not None:
            price_attrs = await self._read(endpoint.price, PRICE_INFO_ATTRIBUTES)
            tiers = min(int(price_attrs.get(_TIERS_IN_USE, 0) or 0), 15)
            if tiers:
                tier_ids = (attribute_ids(Price, *(f"tier{n}_price_label"
                                                  for n in range(1, tiers + 1)))
                            + attribute_ids(Price, *(f"tier{n}_block1_price"
                                                     for n in range(1, tiers + 1))))
                price_attrs.update(await self._read(endpoint.price, tier_ids))
            commodity = price_attrs.get(_COMMODITY)
            if commodity is not None and fuel_from_device_type(int(commodity)) != fuel:
                endpoint.price = None  # a price server for another fuel on this node
            else:
                if _PRICE_CURRENCY in price_attrs:
                    state.currency = Currency.from_numeric(int(price_attrs[_PRICE_CURRENCY]))
                if fuel == Fuel.GAS:
                    state.gas = se_decode.gas_conversion_from_price_attributes(price_attrs)
                tariff = se_decode.tariff_from_price_attributes(
                    price_attrs, meter=identity, origin=self.origin, received_at=self.now())
                if tariff is not None:
                    self._publish(tariff)
                await self._read_blocks(state, price_attrs, tiers)
        for cluster in (endpoint.metering, endpoint.price, endpoint.prepayment,
                        endpoint.messaging, endpoint.device_management, endpoint.calendar):
            if cluster is None:
                continue
            cluster.add_listener(_Listener(self, state, cluster.cluster_id))
            cluster.on_event(AttributeReportedEvent.event_type,
                             self._report_handler(state, cluster.cluster_id))
            await self._bind(cluster)

        report_attrs = (METERING_REPORTED_ELECTRICITY if fuel == Fuel.ELECTRICITY
                        else METERING_REPORTED_GAS)
        await self._configure_reporting(endpoint.metering, report_attrs,
                                        min_s=1 if fuel == Fuel.ELECTRICITY else 60,
                                        max_s=60 if fuel == Fuel.ELECTRICITY else 3600)
        # A first reading now rather than at the next report.
        first = await self._read(endpoint.metering, report_attrs)
        for attr_id, value in first.items():
            self._on_attribute(state, Metering.cluster_id, attr_id, value)
        if endpoint.prepayment is not None:
            # The payment mode first: a credit meter's credit registers are not reported.
            await self._poll_prepayment(state)
            if state.payment_mode != PaymentMode.CREDIT:
                await self._configure_reporting(endpoint.prepayment, PREPAYMENT_REPORTED,
                                                min_s=1, max_s=300)
        if endpoint.price is not None:
            await self._get_current_price(state)
            await self._get_scheduled_prices(state)
        await self._follow_bill(state)
        if endpoint.device_management is not None:
            await self._ask_supplier(state)
        if endpoint.price is not None and fuel == Fuel.ELECTRICITY:
            await self._ask_billing(state)
        if endpoint.calendar is not None:  # in the background: a meter may not answer
            self._tasks.append(asyncio.create_task(self._get_calendar(state),
                                                   name="han-calendar"))
        if endpoint.messaging is not None:
            try:
                await self._request(lambda: endpoint.messaging.get_last_message(),  # type: ignore[union-attr]
                                    what="ask for supplier messages", expect_reply=False)
            except SourceError as exc:
                log.info("no last message: %s", exc)

    # -- requests with bounded time-outs and retries -----------------------------------

    async def _request(self, make: Callable[[], Awaitable[T]], *, what: str,
                       expect_reply: bool = True) -> T:
        last_error: Exception | None = None
        for attempt in range(1, self.retries + 1):
            try:
                async with asyncio.timeout(self.request_timeout_s):
                    return await make()
            except (TimeoutError, zigpy.exceptions.ZigbeeException) as exc:
                last_error = exc
                log.info("%s: attempt %d/%d failed: %r", what, attempt, self.retries, exc)
                await asyncio.sleep(min(0.2 * attempt, 1.0))
        raise SourceError(say("command.no-answer", what=what)) from last_error

    async def _read(self, cluster: zigpy.zcl.Cluster, attr_ids: list[int]) -> dict[int, Any]:
        success, _failure = await self._request(
            lambda: cluster.read_attributes(attr_ids, allow_cache=False),
            what=f"read attributes of cluster 0x{cluster.cluster_id:04X}")
        return {int(k): v for k, v in success.items()}

    async def _bind(self, cluster: zigpy.zcl.Cluster) -> None:
        try:
            await self._request(cluster.bind, what=f"bind 0x{cluster.cluster_id:04X}")
        except SourceError as exc:
            log.info("bind failed, will poll instead: %s", exc)

    async def _configure_reporting(self, cluster: zigpy.zcl.Cluster, attr_ids: list[int], *,
                                   min_s: int, max_s: int) -> None:
        config = {cluster.find_attribute(a): zigpy.zcl.ReportingConfig(
            min_interval=min_s, max_interval=max_s, reportable_change=1) for a in attr_ids}
        try:
            await self._request(lambda: cluster.configure_reporting_multiple(config),
                                what=f"configure reporting 0x{cluster.cluster_id:04X}")
        except SourceError as exc:
            log.info("reporting not configured, will poll: %s", exc)

    # -- incoming data ----------------------------------------------------------------

    def _report_handler(self, state: _MeterState,
                        cluster_id: int) -> Callable[[AttributeReportedEvent], None]:
        def handle(event: AttributeReportedEvent) -> None:
            self._on_attribute(state, cluster_id, int(event.attribute_id), event.value)

        return handle

    def _mark_fresh(self, state: _MeterState) -> None:
        state.last_update_monotonic = time.monotonic()
        if state.stale:
            state.stale = False
            self._news.set()
            self._status(ConnectionState.CONNECTED, say("han.fresh-again"),
                         meter=state.identity)

    def _on_attribute(self, state: _MeterState, cluster_id: int, attr_id: int,
                      value: Any) -> None:
        self._mark_fresh(state)
        if cluster_id == Metering.cluster_id:
            state.pending[attr_id] = value
            if not state.reading_flush_scheduled:
                # Attributes of one report arrive one by one: publish them as one reading.
                state.reading_flush_scheduled = True
                asyncio.get_running_loop().call_soon(self._flush_reading, state)
        elif cluster_id == Prepayment.cluster_id:
            state.prepayment_attrs[attr_id] = value
            if not state.prepayment_flush_scheduled:
                state.prepayment_flush_scheduled = True
                asyncio.get_running_loop().call_soon(self._flush_prepayment, state)

    def _flush_reading(self, state: _MeterState) -> None:
        state.reading_flush_scheduled = False
        pending, state.pending = state.pending, {}
        if not pending:
            return
        try:
            reading = se_decode.reading_from_metering_attributes(
                pending, state.fmt, meter=state.identity, origin=self.origin,
                timestamp=self.now(), gas=state.gas)
        except se_decode.SEDecodeError as exc:
            self.decode_errors += 1
            log.warning("could not decode a metering report: %s", exc)
            return
        if reading is not None:
            self._publish(reading)

    def _flush_prepayment(self, state: _MeterState) -> None:
        state.prepayment_flush_scheduled = False
        if state.pending:
            self._flush_reading(state)
        mode = billing.payment_mode(state.prepayment_attrs)
        if mode is not None and mode != state.payment_mode:
            state.payment_mode = mode
            self._publish_account(state)
        if mode == PaymentMode.CREDIT:
            return  # a credit meter's prepayment registers mean nothing to its customer
        if not state.prepayment_read:
            # A report that beats the first full read carries only the reported
            # attributes: kept, and published with the rest (no account without debts).
            return
        try:
            prepay = se_decode.prepayment_from_attributes(
                state.prepayment_attrs, meter=state.identity, origin=self.origin,
                timestamp=self.now(), currency=state.currency)
        except se_decode.SEDecodeError as exc:
            self.decode_errors += 1
            log.warning("could not decode prepayment attributes: %s", exc)
            return
        if prepay is not None:
            self._publish(prepay)

    def _on_command(self, state: _MeterState, cluster_id: int, command_id: int,
                    args: Any) -> None:
        self._mark_fresh(state)
        now = self.now()
        try:
            if cluster_id == Calendar.cluster_id:
                self._on_calendar_command(state, command_id, args)
            elif cluster_id == Price.cluster_id and command_id in _BLOCK_COMMANDS:
                self._on_block_command(state, command_id, args)
            elif cluster_id == Price.cluster_id and command_id in _BILLING_COMMANDS:
                self._on_billing_command(state, command_id, args)
            elif cluster_id == Price.cluster_id and command_id == _PUBLISH_PRICE:
                price = se_decode.price_from_publish_price(
                    args, meter=state.identity, origin=self.origin, received_at=now)
                if price is None:
                    log.info("the %s meter says no price is available",
                             state.identity.fuel.value)
                else:
                    self._publish(price)
            elif cluster_id == Messaging.cluster_id and command_id in _DISPLAY_MESSAGES:
                self._publish(se_decode.message_from_display_message(
                    args, meter=state.identity, origin=self.origin, received_at=now))
            elif (cluster_id == Messaging.cluster_id
                  and command_id == _MESSAGES.cancel_message.id):
                self._publish(se_decode.message_cancelled_from_cancel_message(
                    args, meter=state.identity, origin=self.origin, received_at=now))
            elif cluster_id == Price.cluster_id and command_id in _GAS_CONVERSION_COMMANDS:
                self._on_gas_conversion(state, command_id, args)
            elif (cluster_id == Prepayment.cluster_id and command_id
                  == Prepayment.ClientCommandDefs.publish_prepay_snapshot.id):
                changed = se_decode.prepayment_snapshot_attributes(args)
                if changed:
                    state.prepayment_attrs.update(changed)
                    self._flush_prepayment(state)
            elif (cluster_id == DeviceManagement.cluster_id and command_id
                  == DeviceManagement.ClientCommandDefs.publish_change_of_supplier.id):
                state.supplier.update(supplier.change_of_supplier_fields(args))
                self._publish_supplier(state)
            elif (cluster_id == DeviceManagement.cluster_id and command_id
                  == DeviceManagement.ClientCommandDefs.publish_change_of_tenancy.id):
                self._publish(se_decode.tenancy_change_from_publish(
                    args, meter=state.identity, origin=self.origin, received_at=now))
            elif (cluster_id == Messaging.cluster_id
                  and command_id == _MESSAGES.cancel_all_messages.id):
                self._publish(se_decode.message_cancelled_from_cancel_all(
                    args, meter=state.identity, origin=self.origin, received_at=now))
        except se_decode.SEDecodeError as exc:
            self.decode_errors += 1
            log.warning("could not decode command 0x%02X of cluster 0x%04X: %s",
                        command_id, cluster_id, exc)

    # -- block pricing -------------------------------------------------------------------

    async def _read_blocks(self, state: _MeterState, price_attrs: dict[int, Any],
                           tiers: int) -> None:
        """Block thresholds, period and prices, where the meter has a block tariff."""
        price = state.endpoint.price
        in_use = int(price_attrs.get(blocks.BLOCKS_IN_USE, 0) or 0)
        if price is None or not in_use:
            return
        try:
            attrs = await self._read(price, blocks.block_attribute_ids(in_use, tiers))
            attrs.update(price_attrs)
            tariff = blocks.block_tariff_from_attributes(
                attrs, meter=state.identity, origin=self.origin, received_at=self.now(),
                currency=state.currency, fmt=state.fmt, tiers=tiers,
                price_digits=int(price_attrs.get(_PRICE_DIGITS, 0)))
        except SourceError as exc:
            log.info("no block prices: %s", exc)
            return
        except se_decode.SEDecodeError as exc:
            self.decode_errors += 1
            log.warning("could not decode the block tariff: %s", exc)
            return
        if tariff is None:
            return
        state.blocks = tariff
        self._publish(tariff)
        try:  # the period and thresholds as commands too (a meter may update them so)
            await price.get_block_period(start_time=0, number_of_events=1, expect_reply=False)
            await price.get_block_thresholds(issuer_tariff_id=0xFFFFFFFF, expect_reply=False)
        except (TimeoutError, zigpy.exceptions.ZigbeeException) as exc:
            log.info("block period not asked: %r", exc)

    def _on_block_command(self, state: _MeterState, command_id: int, args: Any) -> None:
        """PublishBlockPeriod / PublishBlockThresholds: a new period or new thresholds
        for the block tariff read from the attributes."""
        if state.blocks is None:
            return
        if command_id == _PRICE_OUT.publish_block_period.id:
            start, period = blocks.block_period_from_publish(args, self.now())
            updated = replace(state.blocks, period_start=start, period=period)
        else:
            found = se_decode.block_thresholds([args], fmt=state.fmt)
            thresholds = found.get(0) or next(iter(found.values()), ())
            if not thresholds:
                return
            updated = replace(state.blocks, thresholds_kwh=thresholds)
        if updated != state.blocks:
            state.blocks = replace(updated, timestamp=self.now())
            self._publish(state.blocks)

    # -- who supplies the home ----------------------------------------------------------

    async def _ask_supplier(self, state: _MeterState) -> None:
        """Provider name and contact details, and any change of supplier announced."""
        dm = state.endpoint.device_management
        if dm is None:
            return
        try:
            attrs = await self._read(dm, supplier.SUPPLIER_ATTRIBUTES)
            state.supplier.update(supplier.supplier_fields(attrs))
        except SourceError as exc:
            log.info("no supplier details: %s", exc)
        except se_decode.SEDecodeError as exc:
            self.decode_errors += 1
            log.warning("could not decode the supplier: %s", exc)
        self._publish_supplier(state)
        try:
            await dm.get_change_of_supplier(expect_reply=False)
        except (TimeoutError, zigpy.exceptions.ZigbeeException) as exc:
            log.info("change of supplier not asked: %r", exc)

    def _publish_supplier(self, state: _MeterState) -> None:
        fields = state.supplier
        if not (fields.get("name") or fields.get("contact") or fields.get("next_name")):
            return
        self._publish(Supplier(meter=state.identity, timestamp=self.now(), origin=self.origin,
                               **{"provider_id": 0, "name": "", "contact": "", **fields}))

    # -- a credit customer's account ------------------------------------------------------

    async def _follow_bill(self, state: _MeterState) -> None:
        """Bill to date and projected bill (Metering 0x0A00-0x0A04), where the meter
        has them."""
        try:
            attrs = await self._read(state.endpoint.metering, billing.BILL_ATTRIBUTES)
        except SourceError as exc:
            log.info("no bill from %s: %s", state.identity.key, exc)
            return
        if not attrs:
            return
        try:
            state.bill_digits = int(attrs.get(billing.BILL_ATTRIBUTES[-1], 0))
            fields = billing.bill_fields(attrs, state.currency)
        except se_decode.SEDecodeError as exc:
            self.decode_errors += 1
            log.warning("could not decode the bill: %s", exc)
            return
        if fields and any(state.account.get(k) != v for k, v in fields.items()):
            state.account.update(fields)
            self._publish_account(state)

    async def _ask_billing(self, state: _MeterState) -> None:
        """GetBillingPeriod, GetCreditPayment, GetConsolidatedBill: each answer arrives
        as a Publish* command (a prepayment meter may answer none)."""
        price = state.endpoint.price
        if price is None:
            return
        query = {"earliest_start_time": 0, "min_issuer_event_id": 0xFFFFFFFF,
                 "number_of_commands": 1}
        try:
            await price.get_billing_period(**query, expect_reply=False)
            await price.get_credit_payment(latest_end_time=0xFFFFFFFF, number_of_records=1,
                                           expect_reply=False)
            await price.get_consolidated_bill(**query, expect_reply=False)
        except (TimeoutError, zigpy.exceptions.ZigbeeException) as exc:
            log.info("billing not asked: %r", exc)

    def _on_billing_command(self, state: _MeterState, command_id: int, args: Any) -> None:
        now = self.now()
        if command_id == _PRICE_OUT.publish_billing_period.id:
            fields = billing.billing_period_fields(args, now)
        elif command_id == _PRICE_OUT.publish_consolidated_bill.id:
            fields = billing.consolidated_bill_fields(args, now)
        else:
            fields = billing.credit_payment_fields(args, state.currency, state.bill_digits)
        state.account.update(fields)
        self._publish_account(state)

    def _publish_account(self, state: _MeterState) -> None:
        if state.payment_mode is None and not state.account:
            return
        mode = state.payment_mode
        if mode is None:  # a bill but no Prepayment cluster to say: a credit meter
            mode = (PaymentMode.CREDIT if state.endpoint.prepayment is None
                    else PaymentMode.PREPAYMENT)
        self._publish(Account(meter=state.identity, timestamp=self.now(), origin=self.origin,
                              payment_mode=mode, **state.account))

    def _on_gas_conversion(self, state: _MeterState, command_id: int, args: Any) -> None:
        """PublishCalorificValue / PublishConversionFactor: the gas meter's kWh from now
        on use the values the hub publishes (GB calorific values change monthly)."""
        if state.identity.fuel != Fuel.GAS:
            return
        if command_id == _PRICE_OUT_COMMANDS.publish_calorific_value.id:
            state.calorific_value_cmd = args
        else:
            state.conversion_factor_cmd = args
        known = state.gas
        if state.calorific_value_cmd is not None:
            gas = se_decode.gas_conversion_from_commands(state.calorific_value_cmd,
                                                         state.conversion_factor_cmd)
            if gas is None:
                return  # a calorific value per kg cannot convert a volume
            if state.conversion_factor_cmd is None and known is not None:
                gas = replace(gas, conversion_factor=known.conversion_factor)
            state.gas = gas
        elif known is not None:
            state.gas = replace(known, conversion_factor=se_decode.conversion_factor(args))

    # -- the time-of-use calendar --------------------------------------------------------

    async def _get_calendar(self, state: _MeterState) -> None:
        """Ask for the time-of-use calendar, then (a prepayment meter) the friendly-credit
        calendar: each header, then its days, weeks, seasons and special days (each answer
        arrives as a Publish* command). A meter without one says NOT_FOUND or nothing."""
        await self._get_one_calendar(state, state.calendar_parts,
                                     CalendarType.DeliveredCalendar)
        if state.payment_mode != PaymentMode.CREDIT and state.endpoint.prepayment is not None:
            await self._get_one_calendar(state, state.friendly_parts,
                                         CalendarType.FriendlyCreditCalendar)

    async def _get_one_calendar(self, state: _MeterState, parts: CalendarAssembler,
                                calendar_type: int) -> None:
        calendar = state.endpoint.calendar
        if calendar is None:
            return
        what = CalendarType(calendar_type).name
        try:
            await calendar.get_calendar(
                earliest_start_time=0, min_issuer_event_id=CALENDAR_ANY, number_of_calendars=1,
                calendar_type=calendar_type, provider_id=CALENDAR_ANY, expect_reply=False)
            await self._calendar_heard(state, lambda: parts.header is not None)
            ids = {"provider_id": int(parts.header.provider_id),
                   "issuer_calendar_id": int(parts.header.issuer_calendar_id)}
            await calendar.get_day_profiles(**ids, start_day_id=1, number_of_days=0,
                                            expect_reply=False)
            await calendar.get_week_profiles(**ids, start_week_id=1, number_of_weeks=0,
                                             expect_reply=False)
            await calendar.get_seasons(**ids, expect_reply=False)
            # Special days from before the oldest half hour a display backfills.
            await calendar.get_special_days(
                start_time=se_decode.utc_time(self.now() - timedelta(days=31)),
                number_of_events=0, calendar_type=calendar_type, **ids, expect_reply=False)
            await self._calendar_heard(state, lambda: parts.complete)
        except (TimeoutError, zigpy.exceptions.ZigbeeException) as exc:
            log.info("no %s from %s: %r", what, state.identity.key, exc)

    async def _calendar_heard(self, state: _MeterState, done: Callable[[], bool]) -> None:
        async with asyncio.timeout(self.request_timeout_s):
            while not done():
                state.calendar_heard.clear()
                await state.calendar_heard.wait()

    def _on_calendar_command(self, state: _MeterState, command_id: int, args: Any) -> None:
        for parts in (state.calendar_parts, state.friendly_parts):
            parts.add(command_id, args)
        state.calendar_heard.set()
        for parts in (state.calendar_parts, state.friendly_parts):
            if not parts.complete:
                continue
            calendar = parts.calendar(meter=state.identity, origin=self.origin,
                                      received_at=self.now())
            known: TariffCalendar | FriendlyCreditCalendar | None = (
                state.friendly_published if isinstance(calendar, FriendlyCreditCalendar)
                else state.calendar_published)
            if known is not None and replace(calendar, timestamp=known.timestamp) == known:
                continue  # the same calendar again
            if isinstance(calendar, FriendlyCreditCalendar):
                state.friendly_published = calendar
            else:
                state.calendar_published = calendar
            self._publish(calendar)

    # -- the meter's time -------------------------------------------------------------

    async def _follow_time(self) -> None:
        """Read the HAN's Time server: correct this client's clock to the meter's and
        publish the zone rules. A missing or silent server leaves the clock as it was."""
        server = self._time_server
        if server is None:
            return
        before = self.clock()
        try:
            attrs = await self._read(server, time_cluster.READ_ATTRIBUTES)
        except SourceError as exc:
            log.info("no time from the HAN: %s", exc)
            return
        after = self.clock()
        asked_at = before + (after - before) / 2
        try:
            stated = time_cluster.meter_clock_from_time_attributes(
                attrs, origin=self.origin, received_at=asked_at)
        except se_decode.SEDecodeError as exc:
            self.decode_errors += 1
            log.warning("could not decode the HAN's time: %s", exc)
            return
        if stated is None:
            return
        offset = stated.timestamp - asked_at
        # Time has whole seconds and the read took a while: smaller differences than
        # that are the measurement, not the clocks.
        if abs(offset) <= (after - before) + timedelta(seconds=2):
            offset = timedelta(0)
        if abs(offset - self._clock_offset) > timedelta(seconds=2):
            log.info("meter clock is %+.0f s from this computer's", offset.total_seconds())
        self._clock_offset = offset
        self.meter_clock = stated
        self._publish(stated)

    # -- polling and staleness -------------------------------------------------------

    async def _poll_prepayment(self, state: _MeterState) -> None:
        prepayment = state.endpoint.prepayment
        if prepayment is None:
            return
        attrs = await self._read(prepayment, PREPAYMENT_ATTRIBUTES)
        state.prepayment_attrs.update(attrs)
        state.prepayment_read = True
        self._flush_prepayment(state)

    async def _get_current_price(self, state: _MeterState) -> None:
        price = state.endpoint.price
        if price is None:
            return
        try:
            # The PublishPrice answer arrives as a command and goes through _on_command.
            rsp = await self._request(lambda: price.get_current_price(command_options=0),
                                      what="get the current price")
        except SourceError as exc:
            log.info("%s", exc)
            return
        if (rsp is not None and not isinstance(rsp, list | tuple)) or (
                isinstance(rsp, tuple) and hasattr(rsp, "provider_id")):
            self._on_command(state, Price.cluster_id, _PUBLISH_PRICE, rsp)

    async def _get_scheduled_prices(self, state: _MeterState) -> None:
        """Ask for the coming price windows (a time-of-use day); each arrives as a
        PublishPrice with the request's sequence number and goes through _on_command."""
        price = state.endpoint.price
        if price is None:
            return
        try:
            await price.get_scheduled_prices(start_time=se_decode.utc_time(self.now()),
                                             number_of_events=6, expect_reply=False)
        except (zigpy.exceptions.ZigbeeException, TimeoutError, se_decode.SEDecodeError) as exc:
            log.info("no scheduled prices: %r", exc)

    async def _poll_loop(self) -> None:
        # Backstop for what is not reported: prepayment details and the price.
        period = 60.0 / self.time_scale
        price_every = max(1, int(1800 / 60))
        n = 0
        while True:
            await asyncio.sleep(max(period, 0.5))
            n += 1
            await self._follow_time()
            for state in list(self._meters.values()):
                try:
                    await self._poll_prepayment(state)
                    if state.account:
                        await self._follow_bill(state)
                    if n % price_every == 0:
                        await self._get_current_price(state)
                        if state.account and state.identity.fuel == Fuel.ELECTRICITY:
                            await self._ask_billing(state)  # the bill for all fuels moves
                except SourceError as exc:
                    log.info("poll failed: %s", exc)

    @property
    def refused_frames(self) -> int:
        """Frames refused as malformed (bridge.han.frame_guard) or undecodable."""
        return frame_stats(self.app).refused + self.decode_errors

    def _connected_words(self) -> Said:
        refused = self.refused_frames
        if refused == 1:
            return say("han.connected-refused-one", count=len(self._meters))
        if refused:
            return say("han.connected-refused", count=len(self._meters), refused=refused)
        return say("han.connected", count=len(self._meters))

    def _stale_limit_s(self, state: _MeterState) -> float:
        period = UPDATE_PERIOD_S.get(state.identity.fuel, 60.0) / self.time_scale
        return max(STALE_AFTER_PERIODS * period, 2.0)

    async def _watch_staleness(self) -> None:
        """Wakes when a meter's data could first be stale (its last news plus the limit),
        or when a frame is refused: not on a tick. A meter that keeps reporting moves its
        own deadline on, so an idle HAN wakes this once per limit at most."""
        frame_stats(self.app).listeners.append(self._news.set)
        reported_refused = self.refused_frames
        while True:
            now = time.monotonic()
            deadlines = [state.last_update_monotonic + self._stale_limit_s(state)
                         for state in self._meters.values() if not state.stale]
            timeout = max(0.0, min(deadlines) - now) + 0.01 if deadlines else None
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._news.wait()
            self._news.clear()
            if self.refused_frames != reported_refused:
                # The count is part of the bridge's status, not only of its log.
                reported_refused = self.refused_frames
                self._status(ConnectionState.CONNECTED, self._connected_words())
            now = time.monotonic()
            for state in self._meters.values():
                if (not state.stale
                        and now - state.last_update_monotonic > self._stale_limit_s(state)):
                    state.stale = True
                    fuel = state.identity.fuel.value
                    self._status(ConnectionState.STALE,
                                 say(f"han.stale-{fuel}" if f"han.stale-{fuel}" in TEXTS
                                     else "han.stale-meter",
                                     seconds=int(now - state.last_update_monotonic)),
                                 meter=state.identity)

    def _status(self, state: ConnectionState, said: Said,
                meter: MeterIdentity | None = None) -> None:
        self._publish(status(self.now(), self.origin, state, said, meter=meter))

    # -- commands ----------------------------------------------------------------------

    def _state(self, meter: MeterIdentity) -> _MeterState:
        try:
            return self._meters[meter]
        except KeyError:
            raise SourceError(say("command.unknown-meter", meter=meter.key)) from None

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        state = self._state(meter)
        prepayment = state.endpoint.prepayment
        if prepayment is None:
            raise SourceError(say("command.no-top-up"))
        now = self.now()
        try:
            # Not retried: a code that reached the meter once must not be sent twice
            # blindly; the meter's duplicate check would answer, but the user should see
            # "no answer" and decide.
            async with asyncio.timeout(self.request_timeout_s * 2):
                rsp = await prepayment.consumer_top_up(
                    originating_device=WireOriginatingDevice.InHomeDisplay,
                    top_up_code=se_decode.encode_top_up_code(code))
        except (TimeoutError, zigpy.exceptions.ZigbeeException) as exc:
            log.warning("top-up got no answer: %r", exc)
            return TopUpResult(meter=meter, timestamp=now, origin=self.origin,
                               result=TopUpResultCode.NO_ANSWER, code_masked=code.masked)
        result = se_decode.top_up_result_from_response(
            rsp, meter=meter, origin=self.origin, received_at=self.now(),
            currency=state.currency, code=code, scaling=state.prepayment_attrs.get(_SCALING))
        self._publish(result)
        if result.accepted:
            try:
                await self._poll_prepayment(state)
            except SourceError as exc:
                log.info("%s", exc)
        return result

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        state = self._state(meter)
        messaging = state.endpoint.messaging
        if messaging is None:
            raise SourceError(say("command.no-messages"))
        now = self.now()
        rsp = await self._request(
            lambda: messaging.message_confirmation(
                message_id=message_id,
                confirmation_time=se_decode.utc_time(now)),
            what="confirm the message")
        status = getattr(rsp, "status", Status.SUCCESS)
        if status != Status.SUCCESS:
            raise CommandRefused("The meter did not accept the confirmation.")

    async def backfill(self, meter: MeterIdentity, since: datetime,
                       max_intervals: int = 48 * 31) -> list[MeterReading]:
        """The meter's half-hour log from `since` to now, 24 intervals a request."""
        readings: list[MeterReading] = []
        end = self.now()
        while end > since and len(readings) < max_intervals:
            batch = await self.get_profile(meter, end, 24)
            if not batch:
                break
            readings.extend(r for r in batch if r.timestamp > since)
            end = min(r.timestamp for r in batch) - timedelta(minutes=30)
        readings.sort(key=lambda r: r.timestamp)
        return readings

    async def get_profile(self, meter: MeterIdentity, end: datetime,
                          periods: int) -> list[MeterReading]:
        """Half-hour interval energy (kWh) up to `end`, oldest first. Each reading's
        `energy_delivered_kwh` is the energy of the half hour ending at its timestamp
        (not a register)."""
        state = self._state(meter)
        rsp = await self._request(
            lambda: state.endpoint.metering.get_profile(
                interval_channel=0, end_time=se_decode.utc_time(end),
                number_of_periods=periods),
            what="get interval data")
        intervals = se_decode.profile_intervals(rsp, state.fmt)
        readings = []
        for start, value in intervals:
            if value is None:
                continue  # an invalid interval is a gap
            kwh = value
            if state.fmt.unit != UnitOfMeasure.KWH:
                # Gas profiles count volume: energy needs the calorific value.
                if state.gas is None:
                    continue
                kwh = state.gas.kwh_from_m3(value).quantize(Decimal("0.001"))
            readings.append(MeterReading(meter=meter, timestamp=start + timedelta(minutes=30),
                                         origin=self.origin, energy_delivered_kwh=kwh))
        return readings

